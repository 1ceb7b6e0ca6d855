/**
 * schema.org structured data as a JSON-LD data block. Browsers never execute
 * a `type="application/ld+json"` script, so the CSP's script hashes do not
 * apply to it. What does matter is that the HTML parser ends any script
 * element at the first `</script`, whatever its type: escaping every `<`
 * (and, for good measure, `>`, `&` and the JavaScript line separators) as a
 * JSON unicode escape keeps a bio's text inside the block and the JSON equal.
 */
export function JsonLd({ data }: { data: Record<string, unknown> }) {
  return <script type="application/ld+json" dangerouslySetInnerHTML={{ __html: jsonForScript(data) }} />;
}

const UNSAFE = /[<>&\u2028\u2029]/g;

export function jsonForScript(data: unknown): string {
  return JSON.stringify(data).replace(
    UNSAFE,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
}
