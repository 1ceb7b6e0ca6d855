/**
 * Human-readable API reference rendered on the server from the OpenAPI
 * document: operations grouped by tag, with parameters, request body fields
 * and an example response. Only the subset of OpenAPI 3.1 that our generator
 * emits is modelled; anything else is ignored rather than rejected.
 */
import type { ComponentChildren } from "preact";

interface DocRef {
  $ref?: string;
}

interface DocSchema extends DocRef {
  type?: string | string[];
  format?: string;
  description?: string;
  properties?: Record<string, DocSchema>;
  items?: DocSchema;
  required?: string[];
  enum?: unknown[];
  const?: unknown;
  example?: unknown;
  examples?: unknown[];
  default?: unknown;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  anyOf?: DocSchema[];
  oneOf?: DocSchema[];
  allOf?: DocSchema[];
}

interface DocMediaType {
  schema?: DocSchema;
  example?: unknown;
}

interface DocParameter extends DocRef {
  name?: string;
  in?: string;
  required?: boolean;
  description?: string;
  schema?: DocSchema;
}

interface DocOperation {
  tags?: string[];
  summary?: string;
  description?: string;
  operationId?: string;
  deprecated?: boolean;
  security?: Record<string, string[]>[];
  parameters?: DocParameter[];
  requestBody?: DocRef & { description?: string; content?: Record<string, DocMediaType> };
  responses?: Record<string, DocRef & { description?: string; content?: Record<string, DocMediaType> }>;
}

const METHODS = ["get", "post", "put", "patch", "delete"] as const;
type Method = (typeof METHODS)[number];

export interface ApiDocument {
  info: { title: string; version: string; description?: string };
  servers?: { url: string }[];
  paths?: Record<string, Partial<Record<Method, DocOperation>>>;
  components?: object;
}

const METHOD_STYLE: Record<Method, string> = {
  get: "bg-sky-100 text-sky-800",
  post: "bg-emerald-100 text-emerald-800",
  put: "bg-amber-100 text-amber-800",
  patch: "bg-amber-100 text-amber-800",
  delete: "bg-rose-100 text-rose-800",
};

interface Entry {
  method: Method;
  path: string;
  op: DocOperation;
}

export function ApiDocs({ doc }: { doc: ApiDocument }) {
  const groups = groupByTag(doc);
  const base = doc.servers?.[0]?.url;
  return (
    <div class="mx-auto max-w-4xl px-4 py-6 text-slate-800">
      <header class="mb-6">
        <h1 class="text-2xl font-bold">
          {doc.info.title}{" "}
          <span class="align-middle text-sm font-normal text-slate-600">v{doc.info.version}</span>
        </h1>
        {doc.info.description && (
          <p class="mt-2 text-sm">
            <Text value={doc.info.description} />
          </p>
        )}
        {base && (
          <p class="mt-2 text-sm">
            Base URL: <code class="font-mono">{base}</code>
          </p>
        )}
      </header>
      <nav class="mb-8 text-sm" aria-label="Endpoints">
        {groups.map(([tag, entries]) => (
          <div key={tag} class="mb-2">
            <a class="inline-block py-1 font-semibold underline" href={`#${slug(tag)}`}>{tag}</a>
            <ul class="ml-4">
              {entries.map((e) => (
                <li key={anchor(e)}>
                  <a class="inline-block py-1 font-mono text-xs hover:underline" href={`#${anchor(e)}`}>
                    {e.method.toUpperCase()} {e.path}
                  </a>
                </li>
              ))}
            </ul>
          </div>
        ))}
      </nav>
      {groups.map(([tag, entries]) => (
        <section key={tag} id={slug(tag)} class="mb-10">
          <h2 class="mb-3 border-b border-slate-200 pb-1 text-xl font-semibold">{tag}</h2>
          {entries.map((e) => <Operation key={anchor(e)} doc={doc} entry={e} />)}
        </section>
      ))}
    </div>
  );
}

function Operation({ doc, entry }: { doc: ApiDocument; entry: Entry }) {
  const { method, path, op } = entry;
  const params = (op.parameters ?? []).map((p) => resolve<DocParameter>(doc, p));
  const body = op.requestBody && resolve<NonNullable<DocOperation["requestBody"]>>(doc, op.requestBody);
  const bodySchema = body?.content?.["application/json"]?.schema;
  return (
    <article id={anchor(entry)} class="mb-4 rounded-lg border border-slate-200 p-3 sm:p-4">
      <div class="flex flex-wrap items-center gap-2">
        <span class={`rounded px-2 py-0.5 font-mono text-xs font-bold ${METHOD_STYLE[method]}`}>
          {method.toUpperCase()}
        </span>
        <code class="break-all font-mono text-sm">{path}</code>
        {signIn(op) && <span class="text-xs text-slate-600">{signIn(op)}</span>}
        {op.operationId && <code class="font-mono text-xs text-slate-600">{op.operationId}</code>}
        {op.deprecated && <span class="text-xs text-rose-700">deprecated</span>}
      </div>
      {op.summary && <h3 class="mt-2 font-medium">{op.summary}</h3>}
      {op.description && (
        <p class="mt-1 text-sm text-slate-600">
          <Text value={op.description} />
        </p>
      )}
      {params.length > 0 && (
        <Block title="Parameters">
          {params.map((p) => (
            <Field
              key={`${p.in}:${p.name}`}
              name={p.name ?? "?"}
              where={p.in}
              required={p.required}
              schema={p.schema}
              description={p.description}
              doc={doc}
            />
          ))}
        </Block>
      )}
      {bodySchema && (
        <Block title="Request body (JSON)">
          {bodyFields(doc, bodySchema).map((f) => <Field key={f.name} {...f} doc={doc} />)}
        </Block>
      )}
      <Responses doc={doc} op={op} />
    </article>
  );
}

function Responses({ doc, op }: { doc: ApiDocument; op: DocOperation }) {
  const responses = Object.entries(op.responses ?? {}).map(([status, r]) =>
    [status, resolve<NonNullable<DocOperation["responses"]>[string]>(doc, r)] as const
  );
  const success = responses.find(([status]) => status.startsWith("2"));
  const media = success?.[1].content?.["application/json"];
  const example = media && (media.example ?? (media.schema && exampleOf(doc, media.schema, 0)));
  return (
    <Block title="Responses">
      <ul class="text-sm">
        {responses.map(([status, r]) => (
          <li key={status} class="py-0.5">
            <code class={`font-mono ${status.startsWith("2") ? "text-emerald-700" : "text-rose-700"}`}>
              {status}
            </code>{" "}
            <Text value={r.description ?? ""} />
          </li>
        ))}
      </ul>
      {example !== undefined && (
        <pre class="mt-2 overflow-x-auto rounded bg-slate-900 p-3 text-xs text-slate-100">
          <code>{JSON.stringify(example, null, 2)}</code>
        </pre>
      )}
    </Block>
  );
}

function Block({ title, children }: { title: string; children: ComponentChildren }) {
  return (
    <div class="mt-3">
      <h4 class="mb-1 text-xs font-semibold uppercase tracking-wide text-slate-600">{title}</h4>
      <div class="divide-y divide-slate-100">{children}</div>
    </div>
  );
}

interface FieldProps {
  name: string;
  where?: string;
  required?: boolean;
  schema?: DocSchema;
  description?: string;
}

function Field({ doc, name, where, required, schema, description }: FieldProps & { doc: ApiDocument }) {
  const resolved = schema && resolve(doc, schema);
  const notes = resolved ? constraints(resolved) : [];
  const text = description ?? resolved?.description;
  return (
    <div class="py-1.5 text-sm">
      <div class="flex flex-wrap items-baseline gap-x-2">
        <code class="font-mono font-semibold">{name}</code>
        {schema && <span class="font-mono text-xs text-slate-600">{typeLabel(schema)}</span>}
        {where && <span class="text-xs text-slate-600">in {where}</span>}
        {required && <span class="text-xs text-rose-700">required</span>}
      </div>
      {text && (
        <p class="text-slate-600">
          <Text value={text} />
        </p>
      )}
      {notes.length > 0 && <p class="text-xs text-slate-600">{notes.join(" · ")}</p>}
    </div>
  );
}

/** Descriptions use `backticks` for code; everything else is plain text. */
function Text({ value }: { value: string }) {
  return (
    <>
      {value.split("`").map((part, i) =>
        i % 2 ? <code key={i} class="font-mono text-xs">{part}</code> : part
      )}
    </>
  );
}

function groupByTag(doc: ApiDocument): [string, Entry[]][] {
  const groups = new Map<string, Entry[]>();
  for (const [path, item] of Object.entries(doc.paths ?? {})) {
    for (const method of METHODS) {
      const op = item[method];
      if (!op) continue;
      const tag = op.tags?.[0] ?? "Other";
      groups.set(tag, [...(groups.get(tag) ?? []), { method, path, op }]);
    }
  }
  return [...groups];
}

/** Follows a local `#/...` reference; our generator emits no others. */
function resolve<T>(doc: ApiDocument, value: T & DocRef, depth = 0): T {
  if (!value.$ref?.startsWith("#/") || depth > 8) return value;
  let target: unknown = doc;
  for (const key of value.$ref.slice(2).split("/")) {
    target = typeof target === "object" && target !== null
      ? (target as Record<string, unknown>)[key]
      : undefined;
  }
  return target === undefined ? value : resolve(doc, target as T & DocRef, depth + 1);
}

/** Named schemas show their name, not their expansion. */
function typeLabel(schema: DocSchema): string {
  const name = schema.$ref?.split("/").at(-1);
  if (name) return name;
  const variants = schema.anyOf ?? schema.oneOf;
  if (variants) return variants.map(typeLabel).join(" | ");
  const types = [schema.type ?? "any"].flat();
  return types.map((t) => t === "array" && schema.items ? `${typeLabel(schema.items)}[]` : t).join(" | ");
}

function constraints(s: DocSchema): string[] {
  const notes: string[] = [];
  if (s.enum) notes.push(`one of ${s.enum.map((v) => JSON.stringify(v)).join(", ")}`);
  if (s.format) notes.push(s.format);
  if (s.minimum !== undefined) notes.push(`min ${s.minimum}`);
  if (s.maximum !== undefined) notes.push(`max ${s.maximum}`);
  if (s.minLength !== undefined) notes.push(`at least ${s.minLength} characters`);
  if (s.maxLength !== undefined) notes.push(`at most ${s.maxLength} characters`);
  if (s.pattern) notes.push(`pattern ${s.pattern}`);
  if (s.default !== undefined) notes.push(`default ${JSON.stringify(s.default)}`);
  const example = s.example ?? s.examples?.[0];
  if (example !== undefined) notes.push(`e.g. ${JSON.stringify(example)}`);
  return notes;
}

/** Body fields flattened to dotted names, so nested objects read as a list. */
function bodyFields(doc: ApiDocument, schema: DocSchema, prefix = "", depth = 0): FieldProps[] {
  const s = resolve(doc, schema);
  if (!s.properties || depth > 3) return [];
  return Object.entries(s.properties).flatMap(([key, child]) => {
    const name = prefix + key;
    const field = { name, required: s.required?.includes(key), schema: child };
    return [field, ...bodyFields(doc, child, `${name}.`, depth + 1)];
  });
}

/** An example built from the schema's own examples and defaults, for responses without one. */
function exampleOf(doc: ApiDocument, schema: DocSchema, depth: number): unknown {
  const s = resolve(doc, schema);
  const given = s.example ?? s.examples?.[0] ?? s.default ?? s.const ?? s.enum?.[0];
  if (given !== undefined || depth > 6) return given;
  const variant = s.anyOf?.[0] ?? s.oneOf?.[0];
  if (variant) return exampleOf(doc, variant, depth + 1);
  if (s.allOf) {
    return Object.assign({}, ...s.allOf.map((part) => exampleOf(doc, part, depth + 1)));
  }
  switch ([s.type].flat()[0]) {
    case "object":
      return Object.fromEntries(
        Object.entries(s.properties ?? {}).map(([k, v]) => [k, exampleOf(doc, v, depth + 1)]),
      );
    case "array":
      return s.items ? [exampleOf(doc, s.items, depth + 1)] : [];
    case "integer":
    case "number":
      return 0;
    case "boolean":
      return true;
    case "null":
      return null;
    default:
      return "string";
  }
}

/**
 * What the operation's security requirements ask of the caller. An empty requirement (`{}`) among
 * them means anonymous calls are allowed too; no requirements at all means no sign-in.
 */
function signIn(op: DocOperation): string | null {
  const requirements = op.security ?? [];
  if (requirements.length === 0) return null;
  return requirements.some((r) => Object.keys(r).length === 0) ? "sign-in optional" : "requires sign-in";
}

function anchor({ method, path, op }: Entry): string {
  return op.operationId ?? slug(`${method} ${path}`);
}

function slug(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "");
}
