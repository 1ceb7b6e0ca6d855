/**
 * The Debian tools the PDF tests read their output with (qpdf checks a
 * file's structure, poppler's pdftotext and pdfsig read it as a viewer
 * would). A missing tool fails the test with the line that installs it.
 */
const INSTALL = "apt-get install -y qpdf poppler-utils";

/** Runs `name` with `args`; `out` is its stdout then its stderr. */
export async function pdfTool(name: string, ...args: string[]): Promise<{ code: number; out: string }> {
  try {
    const { code, stdout, stderr } = await new Deno.Command(name, { args, stdout: "piped", stderr: "piped" })
      .output();
    const decode = (b: Uint8Array) => new TextDecoder().decode(b);
    return { code, out: decode(stdout) + decode(stderr) };
  } catch (err) {
    if (err instanceof Deno.errors.NotFound) {
      throw new Error(`${name} is not installed; the PDF tests need it: ${INSTALL}`);
    }
    throw err;
  }
}
