/**
 * An esbuild plugin that resolves bare specifiers the way Deno does for the
 * project: through deno.json's "imports". npm: targets resolve to the package
 * Deno installed under node_modules (nodeModulesDir "auto"); local targets to
 * the file. Modules inside node_modules keep Node resolution, as under Deno.
 *
 * esbuild follows node_modules symlinks to real paths, so every importer of a
 * package reaches the same files: one copy of preact per bundle.
 */
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { Plugin } from "esbuild";

export type ImportMap = Record<string, string>;

const NODE_MODULES = /(^|[\\/])node_modules[\\/]/;
// Marks the nested build.resolve() call, which must fall through to esbuild.
const OWN_CALL = Symbol("import-map");

export async function readImportMap(configPath: string): Promise<ImportMap> {
  const config = JSON.parse(await Deno.readTextFile(configPath));
  return config.imports ?? {};
}

/** The import-map target for `specifier`: exact key first, then the longest "dir/" prefix. */
export function mapSpecifier(imports: ImportMap, specifier: string): string | undefined {
  if (specifier in imports) return imports[specifier];
  let best = "";
  for (const key of Object.keys(imports)) {
    if (key.endsWith("/") && specifier.startsWith(key) && key.length > best.length) best = key;
  }
  return best ? imports[best] + specifier.slice(best.length) : undefined;
}

/** "npm:/@scope/pkg@^1.2/sub/path" -> "@scope/pkg/sub/path" (what Node resolution expects). */
export function npmToNodeSpecifier(target: string): string {
  const rest = target.slice("npm:".length).replace(/^\//, "");
  const scoped = rest.startsWith("@");
  const nameEnd = rest.indexOf("/", scoped ? rest.indexOf("/") + 1 : 0);
  const nameAndVersion = nameEnd < 0 ? rest : rest.slice(0, nameEnd);
  const versionAt = nameAndVersion.indexOf("@", scoped ? 1 : 0);
  const name = versionAt < 0 ? nameAndVersion : nameAndVersion.slice(0, versionAt);
  return nameEnd < 0 ? name : name + rest.slice(nameEnd);
}

export function importMapPlugin(configPath: string, imports: ImportMap): Plugin {
  const configDir = dirname(configPath);
  return {
    name: "deno-import-map",
    setup(build) {
      build.onResolve({ filter: /^[^./]/ }, async (args) => {
        if (args.pluginData === OWN_CALL || NODE_MODULES.test(args.importer)) return undefined;
        const target = args.path.startsWith("npm:") ? args.path : mapSpecifier(imports, args.path);
        if (target === undefined) {
          return { errors: [{ text: `"${args.path}" is not in the "imports" of ${configPath}` }] };
        }
        if (target.startsWith("npm:")) {
          const result = await build.resolve(npmToNodeSpecifier(target), {
            kind: args.kind,
            resolveDir: configDir,
            pluginData: OWN_CALL,
          });
          if (result.errors.length > 0) {
            const hint = `"${target}" is not installed under node_modules: run "deno install"`;
            return { errors: [{ text: hint }, ...result.errors] };
          }
          return { path: result.path, sideEffects: result.sideEffects };
        }
        if (target.startsWith("file:")) return { path: fileURLToPath(target) };
        if (target.startsWith(".") || target.startsWith("/")) {
          return { path: resolve(configDir, target) };
        }
        return { errors: [{ text: `"${args.path}" maps to "${target}", which cannot be bundled` }] };
      });
    },
  };
}
