/**
 * The string literals of a JavaScript module, for finding the class names an
 * island may add only after hydration (which the server's twind never sees in
 * the rendered HTML).
 *
 * Meant for esbuild's output rather than raw TSX: there JSX text is already a
 * quoted string and types are gone, so an apostrophe in `<p>Don't</p>` cannot
 * be mistaken for the start of a string. What remains to skip is comments
 * (esbuild keeps /* @__PURE__ *\/ annotations) and regular expressions.
 */

// After these words a "/" starts a regular expression, not a division.
const KEYWORDS_BEFORE_EXPRESSION = new Set([
  "return",
  "typeof",
  "instanceof",
  "in",
  "of",
  "new",
  "delete",
  "void",
  "throw",
  "case",
  "do",
  "else",
  "yield",
  "await",
]);

export function stringLiterals(code: string): string[] {
  const found: string[] = [];
  // Brace depth at each open `${`, to know which "}" resumes its template.
  const templates: number[] = [];
  let depth = 0;
  let i = 0;
  let regexAllowed = true;
  // `import "x"` / `from "x"` name modules, not text.
  let afterImport = false;

  const template = () => {
    const start = i;
    while (i < code.length && code[i] !== "`" && !(code[i] === "$" && code[i + 1] === "{")) {
      i += code[i] === "\\" ? 2 : 1;
    }
    found.push(unescape(code.slice(start, i)));
    if (code[i] === "$") {
      templates.push(depth++);
      i += 2;
      regexAllowed = true;
    } else {
      i++;
      regexAllowed = false;
    }
  };

  while (i < code.length) {
    const c = code[i];
    if (c === '"' || c === "'") {
      const start = ++i;
      while (i < code.length && code[i] !== c) i += code[i] === "\\" ? 2 : 1;
      if (!afterImport) found.push(unescape(code.slice(start, i)));
      i++;
      regexAllowed = false;
    } else if (c === "`") {
      i++;
      template();
    } else if (c === "/" && code[i + 1] === "/") {
      i = code.indexOf("\n", i);
      if (i < 0) break;
    } else if (c === "/" && code[i + 1] === "*") {
      i = code.indexOf("*/", i + 2);
      if (i < 0) break;
      i += 2;
    } else if (c === "/" && regexAllowed) {
      i = skipRegex(code, i);
      regexAllowed = false;
    } else if (/[\w$]/.test(c)) {
      const start = i;
      while (i < code.length && /[\w$]/.test(code[i])) i++;
      const word = code.slice(start, i);
      regexAllowed = KEYWORDS_BEFORE_EXPRESSION.has(word);
      afterImport = word === "import" || word === "from";
      continue;
    } else if (/\s/.test(c)) {
      i++;
      continue;
    } else {
      i++;
      if (c === "{") depth++;
      if (c === "}") {
        if (templates.length > 0 && templates[templates.length - 1] === depth - 1) {
          depth = templates.pop()!;
          template();
          continue;
        }
        depth--;
      }
      regexAllowed = c !== ")" && c !== "]" && c !== "}";
    }
    afterImport = false;
  }
  return found;
}

/** The distinct whitespace-separated tokens of every string literal in `code`. */
export function stringTokens(code: string): Set<string> {
  const tokens = new Set<string>();
  for (const literal of stringLiterals(code)) {
    for (const token of literal.split(/\s+/)) if (token) tokens.add(token);
  }
  return tokens;
}

function skipRegex(code: string, i: number): number {
  let inClass = false;
  for (i++; i < code.length && code[i] !== "\n"; i++) {
    const c = code[i];
    if (c === "\\") i++;
    else if (c === "[") inClass = true;
    else if (c === "]") inClass = false;
    else if (c === "/" && !inClass) break;
  }
  i++;
  while (i < code.length && /[a-z]/.test(code[i])) i++;
  return i;
}

function unescape(raw: string): string {
  return raw.replace(
    /\\(u\{[0-9a-fA-F]+\}|u[0-9a-fA-F]{4}|x[0-9a-fA-F]{2}|\r\n|[\s\S])/g,
    (_, e: string) => {
      if (e[0] === "u" || e[0] === "x") {
        return String.fromCodePoint(parseInt(e.replace(/^[ux]\{?|\}$/g, ""), 16));
      }
      return { n: "\n", t: "\t", r: "\r", "\n": "", "\r\n": "" }[e] ?? e;
    },
  );
}
