import assert from "node:assert/strict";
import { loadConfig } from "../config/env.ts";
import { DevMailbox, mailboxResponse } from "../integrations/mail/dev_mailbox.ts";
import { createMailTransport } from "../integrations/mail/mod.ts";
import { createSmtpTransport } from "../integrations/mail/smtp.ts";
import { createDispatcher, enqueue, outboxSealer } from "../services/outbox.ts";
import { openTestDatabase } from "./support/db.ts";
import { startSmtpServer } from "./support/smtp_server.ts";

const SECRET = "outbox-test-secret-0123456789abcdef0123456789";
const FROM = "Artist Space <no-reply@artistspace.in>";

/** Undoes quoted-printable (soft line breaks and =XX), which nodemailer uses for long or `=` lines. */
function unQuotedPrintable(body: string): string {
  return body.replace(/=\r?\n/g, "").replace(
    /=([0-9A-F]{2})/g,
    (_, hex) => String.fromCharCode(parseInt(hex, 16)),
  );
}

function header(raw: string, name: string): string | undefined {
  const head = raw.split(/\r?\n\r?\n/)[0].replace(/\r?\n[ \t]+/g, " ");
  return head.split(/\r?\n/).find((line) => line.toLowerCase().startsWith(`${name.toLowerCase()}:`))
    ?.slice(name.length + 1).trim();
}

Deno.test("SMTP end to end: an outbox e-mail reaches a real SMTP server with To, Subject and the link", async () => {
  const server = await startSmtpServer();
  const transport = createSmtpTransport({ url: server.url, from: FROM });
  const { db, close } = await openTestDatabase({ driver: "pglite" });
  try {
    const sealer = outboxSealer(SECRET);
    const link = "https://artistspace.in/verify-email?token=Zm9vYmFyYmF6cXV4LXRva2Vu";
    await db.transaction().execute((trx) =>
      enqueue(trx, {
        channel: "email",
        to: "asha@example.in",
        template: "verify_email",
        data: { displayName: "Asha Rao", link, code: "604218" },
      }, sealer)
    );
    const dispatcher = createDispatcher({ db, transport, sealer });
    assert.deepEqual(await dispatcher.runOnce(), { sent: 1, failed: 0 });

    const messages = await server.messages();
    assert.equal(messages.length, 1);
    const raw = messages[0];
    assert.equal(header(raw, "To"), "asha@example.in");
    assert.equal(header(raw, "From"), FROM);
    assert.equal(header(raw, "Subject"), "Verify your e-mail address for Artist Space");
    assert.match(header(raw, "Content-Type")!, /^multipart\/alternative;/);
    const body = unQuotedPrintable(raw);
    assert.ok(body.includes(link), body);
    assert.ok(body.includes("604218"));
    assert.ok(body.includes("Content-Type: text/html"));
  } finally {
    await close();
    await transport.close?.();
    await server.close();
  }
});

Deno.test("the SMTP transport rejects with the server's reason, not the password, when the credentials are wrong", async () => {
  const server = await startSmtpServer();
  const url = new URL(server.url);
  url.password = "wrong-Pa55word";
  const transport = createSmtpTransport({ url: url.href, from: FROM });
  try {
    const err = await transport.send({ to: "asha@example.in", subject: "Hi", text: "Hi", html: "<p>Hi</p>" })
      .then(() => undefined, (e: Error) => e);
    assert.match(err?.message ?? "", /Invalid login: 535/);
    // The message is stored in the outbox and logged: it must not carry the password.
    assert.ok(!err!.message.includes("Pa55word"), err!.message);
    assert.deepEqual(await server.messages(), []);
  } finally {
    await transport.close?.();
    await server.close();
  }
});

Deno.test("production without SMTP_URL: the transport refuses with a clear message and mail stays pending", async () => {
  const transport = createMailTransport({ env: "production", mail: { from: FROM } });
  assert.ok(!(transport instanceof DevMailbox));
  await assert.rejects(
    transport.send({ to: "asha@example.in", subject: "Hi", text: "Hi", html: "<p>Hi</p>" }),
    { message: "SMTP_URL is not configured: e-mail is switched off" },
  );

  const { db, close } = await openTestDatabase({ driver: "pglite" });
  try {
    const sealer = outboxSealer(SECRET);
    await db.transaction().execute((trx) =>
      enqueue(trx, {
        channel: "email",
        to: "asha@example.in",
        template: "password_changed",
        data: { displayName: "Asha" },
      }, sealer)
    );
    assert.deepEqual(await createDispatcher({ db, transport, sealer }).runOnce(), { sent: 0, failed: 1 });
    const row = await db.selectFrom("outbox").selectAll().executeTakeFirstOrThrow();
    assert.equal(row.status, "pending");
    assert.equal(row.last_error, "SMTP_URL is not configured: e-mail is switched off");
    assert.ok(row.payload !== null);
  } finally {
    await close();
  }
});

Deno.test("createMailTransport: SMTP when SMTP_URL is set, the dev mailbox in development and test", () => {
  assert.ok(createMailTransport({ env: "test", mail: { from: FROM } }) instanceof DevMailbox);
  const smtp = createMailTransport({
    env: "development",
    mail: { from: FROM, smtpUrl: "smtp://127.0.0.1:1" },
  });
  assert.ok(!(smtp instanceof DevMailbox));
});

Deno.test("config reads SMTP_URL and MAIL_FROM, and refuses a non-SMTP URL without echoing it", async () => {
  const tmp = await Deno.makeTempDir();
  try {
    const base = { APP_ENV: "test", DATA_DIR: tmp };
    assert.deepEqual((await loadConfig(base)).mail, { smtpUrl: undefined, from: FROM });
    const config = await loadConfig({
      ...base,
      SMTP_URL: "smtps://u:p@smtp.example.in:465",
      MAIL_FROM: "Gigs <g@x.in>",
    });
    assert.deepEqual(config.mail, { smtpUrl: "smtps://u:p@smtp.example.in:465", from: "Gigs <g@x.in>" });
    const err = await loadConfig({ ...base, SMTP_URL: "https://user:hunter2@smtp.example.in" }).catch((e) =>
      e
    );
    assert.match(err.message, /SMTP_URL: must be an smtp:\/\/ or smtps:\/\/ URL/);
    assert.ok(!err.message.includes("hunter2"));
  } finally {
    await Deno.remove(tmp, { recursive: true });
  }
});

Deno.test("the dev mailbox keeps the latest 200 messages, newest first", async () => {
  const mailbox = new DevMailbox();
  for (let i = 1; i <= 205; i++) {
    await mailbox.send({ to: `u${i}@example.in`, subject: `Mail ${i}`, text: "t", html: "<p>h</p>" });
  }
  const list = mailbox.list();
  assert.equal(list.length, 200);
  assert.equal(list[0].subject, "Mail 205");
  assert.equal(list.at(-1)!.subject, "Mail 6");
  assert.ok(list[0].sentAt instanceof Date);
});

Deno.test("mailboxResponse answers JSON { messages } newest first, never cached", async () => {
  const mailbox = new DevMailbox();
  await mailbox.send({ to: "a@example.in", subject: "First", text: "1", html: "<p>1</p>" });
  await mailbox.send({ to: "b@example.in", subject: "Second", text: "2", html: "<p>2</p>" });
  const res = mailboxResponse(mailbox);
  assert.equal(res.status, 200);
  assert.match(res.headers.get("content-type")!, /^application\/json/);
  assert.equal(res.headers.get("cache-control"), "no-store");
  const body = await res.json();
  assert.deepEqual(body.messages.map((m: { subject: string }) => m.subject), ["Second", "First"]);
  assert.deepEqual(Object.keys(body.messages[0]).sort(), ["html", "sentAt", "subject", "text", "to"]);
  assert.equal(typeof body.messages[0].sentAt, "string");
});
