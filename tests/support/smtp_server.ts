/**
 * A real SMTP server for tests: the `smtp-server` package (by nodemailer's
 * authors) on a free loopback port, speaking the full protocol, requiring
 * AUTH with the credentials in the URL it returns, and keeping each message
 * it accepts, raw. It comes from npm like everything else, so the suite
 * needs nothing from the system.
 */
import { SMTPServer } from "smtp-server";

export interface SmtpTestServer {
  /** smtp://user:pass@127.0.0.1:port */
  url: string;
  /** Raw RFC 5322 messages in the order they arrived. */
  messages(): Promise<string[]>;
  close(): Promise<void>;
}

export const SMTP_USER = "mailer";
export const SMTP_PASSWORD = "s3cret pass";

export async function startSmtpServer(): Promise<SmtpTestServer> {
  const received: string[] = [];
  const server = new SMTPServer({
    // Plain SMTP on loopback: the transport must still authenticate.
    secure: false,
    disabledCommands: ["STARTTLS"],
    authMethods: ["PLAIN", "LOGIN"],
    logger: false,
    onAuth(auth, _session, callback) {
      if (auth.username === SMTP_USER && auth.password === SMTP_PASSWORD) {
        return callback(null, { user: auth.username });
      }
      callback(Object.assign(new Error("Invalid username or password"), { responseCode: 535 }));
    },
    onData(stream, _session, callback) {
      const chunks: Uint8Array[] = [];
      stream.on("data", (chunk: Uint8Array) => chunks.push(chunk));
      stream.on("end", () => {
        received.push(new TextDecoder().decode(concat(chunks)));
        callback();
      });
    },
  });
  const port = await new Promise<number>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve((server.server.address() as { port: number }).port));
  });
  const url = `smtp://${encodeURIComponent(SMTP_USER)}:${
    encodeURIComponent(SMTP_PASSWORD)
  }@127.0.0.1:${port}`;
  return {
    url,
    messages: () => Promise.resolve([...received]),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function concat(chunks: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}
