import assert from "node:assert/strict";
import { isTemplateName, renderMail, type TemplateData, type TemplateName } from "./mail_templates.ts";

const SAMPLES: { [T in TemplateName]: TemplateData[T] } = {
  verify_email: {
    displayName: "Asha",
    link: "https://artistspace.in/verify-email?token=tok_abc&user=1",
    code: "482913",
  },
  welcome: { displayName: "Asha", loginUrl: "https://artistspace.in/login" },
  password_reset: { displayName: "Asha", link: "https://artistspace.in/reset-password?token=tok_xyz" },
  password_changed: { displayName: "Asha" },
  login_code: { displayName: "Asha", code: "093417", resetUrl: "https://artistspace.in/forgot-password" },
  account_exists: {
    displayName: "Asha",
    loginUrl: "https://artistspace.in/login",
    resetUrl: "https://artistspace.in/forgot-password",
  },
  activity: {
    displayName: "Asha",
    subject: "New offer on your booking",
    text: "Sunburn Arena offered ₹45,000 for Sangeet night.",
    link: "https://artistspace.in/bookings/1",
  },
  message_digest: {
    displayName: "Asha",
    conversations: [{ title: "Sangeet night", unread: 3, link: "https://artistspace.in/messages/1" }],
    inboxUrl: "https://artistspace.in/messages",
  },
};

function render(template: TemplateName, data: Record<string, string>) {
  return renderMail(template, data as never);
}

for (const template of Object.keys(SAMPLES) as TemplateName[]) {
  Deno.test(`${template}: a subject naming Artist Space, and a greeting in both bodies`, () => {
    const mail = renderMail(template, SAMPLES[template]);
    assert.match(mail.subject, /Artist Space/);
    assert.ok(!/[\r\n]/.test(mail.subject));
    assert.match(mail.text, /^Hi Asha,\n/);
    assert.match(mail.html, /<p style="[^"]*">Hi Asha,<\/p>/);
    assert.match(mail.html, /^<!doctype html>\n<html lang="en-IN">/);
    assert.match(mail.text, /The Artist Space team\n$/);
  });
}

Deno.test("verify_email carries the link and the code in text and HTML", () => {
  const mail = renderMail("verify_email", SAMPLES.verify_email);
  assert.equal(mail.subject, "Verify your e-mail address for Artist Space");
  assert.ok(mail.text.includes("https://artistspace.in/verify-email?token=tok_abc&user=1"));
  assert.match(mail.text, /verification page: 482913/);
  // In HTML the & of the query string is escaped, inside href too.
  assert.ok(mail.html.includes('href="https://artistspace.in/verify-email?token=tok_abc&amp;user=1"'));
  assert.match(mail.html, />482913<\/p>/);
});

Deno.test("welcome with a first step leads to it, and offers the other way forward as a link", () => {
  const mail = renderMail("welcome", {
    ...SAMPLES.welcome,
    next: {
      title: "Post your first gig",
      text: "Acts apply with a pitch.",
      action: "Post a gig",
      url: "https://artistspace.in/opportunities/new",
      alternative: { label: "Browse acts", url: "https://artistspace.in/artists" },
    },
  });
  assert.match(mail.text, /Your next step: post your first gig\. Acts apply with a pitch\./);
  assert.match(mail.text, /Post a gig:\nhttps:\/\/artistspace\.in\/opportunities\/new\n/);
  assert.match(mail.text, /Browse acts:\nhttps:\/\/artistspace\.in\/artists\n/);
  assert.ok(mail.html.includes('href="https://artistspace.in/opportunities/new"'));
  assert.ok(!mail.html.includes("/login"));
});

Deno.test("welcome links to the login page; password_reset to the reset link", () => {
  assert.ok(renderMail("welcome", SAMPLES.welcome).html.includes('href="https://artistspace.in/login"'));
  const reset = renderMail("password_reset", SAMPLES.password_reset);
  assert.equal(reset.subject, "Reset your Artist Space password");
  assert.ok(reset.text.includes("https://artistspace.in/reset-password?token=tok_xyz"));
  assert.match(reset.text, /your password stays as it is/);
});

Deno.test("password_changed tells the user what to do if it was not them, and has no link", () => {
  const mail = renderMail("password_changed", SAMPLES.password_changed);
  assert.match(mail.text, /If it was not, reset your password/);
  assert.ok(!mail.html.includes("<a "));
});

Deno.test("login_code carries the code and a way out if it was not the owner", () => {
  const mail = renderMail("login_code", SAMPLES.login_code);
  assert.equal(mail.subject, "Your Artist Space sign-in code");
  assert.match(mail.text, /Your sign-in code: 093417\n/);
  assert.match(mail.text, /choose a new password:\nhttps:\/\/artistspace.in\/forgot-password\n/);
  assert.match(mail.html, />093417<\/p>/);
  assert.ok(mail.html.includes('<a href="https://artistspace.in/forgot-password"'));
});

Deno.test("account_exists links to logging in and to a new password, and says nothing changed", () => {
  const mail = renderMail("account_exists", SAMPLES.account_exists);
  assert.match(mail.text, /nothing was created and nothing about your account has changed/);
  assert.match(mail.text, /Log in:\nhttps:\/\/artistspace.in\/login\n/);
  assert.match(mail.text, /Choose a new one:\nhttps:\/\/artistspace.in\/forgot-password\n/);
  assert.ok(mail.html.includes('href="https://artistspace.in/login"'));
  assert.ok(mail.html.includes('href="https://artistspace.in/forgot-password"'));
});

Deno.test("every further link must be http(s) too", () => {
  assert.throws(
    () => render("account_exists", { ...SAMPLES.account_exists, resetUrl: "javascript:alert(1)" }),
    TypeError,
  );
});

Deno.test("a display name with <script> is escaped in HTML and kept verbatim in text", () => {
  const name = `<script>alert("x")</script> & 'Co'`;
  const mail = render("password_changed", { displayName: name });
  assert.ok(!mail.html.includes("<script>"));
  assert.ok(
    mail.html.includes("Hi &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;Co&#39;,"),
    mail.html,
  );
  assert.ok(mail.text.includes(`Hi ${name},`));
  assert.ok(!mail.subject.includes("script"));
});

Deno.test("a link that could break out of the href attribute stays inside it", () => {
  const mail = render("welcome", {
    displayName: "A",
    loginUrl: 'https://artistspace.in/"><script>x</script>',
  });
  assert.ok(!mail.html.includes("<script>"));
  assert.ok(mail.html.includes('href="https://artistspace.in/%22%3E%3Cscript%3Ex%3C/script%3E"'), mail.html);
});

Deno.test("a link that is not http(s) is refused rather than rendered", () => {
  assert.throws(
    () => render("password_reset", { displayName: "A", link: "javascript:alert(1)" }),
    /must be an absolute http\(s\) URL/,
  );
  assert.throws(() => render("welcome", { displayName: "A", loginUrl: "/login" }), /absolute http\(s\) URL/);
});

Deno.test("an empty display name falls back to a friendly greeting", () => {
  assert.match(render("password_changed", { displayName: "  " }).text, /^Hi there,\n/);
});

Deno.test("isTemplateName knows exactly the templates", () => {
  assert.ok(isTemplateName("verify_email"));
  assert.ok(!isTemplateName("toString"));
  assert.ok(!isTemplateName("sms_otp"));
});

Deno.test("activity: a fixed subject, the text escaped in HTML and a link to the page", () => {
  const mail = renderMail("activity", { ...SAMPLES.activity, text: "<b>Counter</b> from A&B" });
  assert.equal(mail.subject, "New offer on your booking · Artist Space");
  assert.ok(mail.html.includes("&lt;b&gt;Counter&lt;/b&gt; from A&amp;B"));
  assert.ok(mail.text.includes("<b>Counter</b> from A&B"));
  assert.ok(mail.html.includes('href="https://artistspace.in/bookings/1"'));
  const forged = render("activity", { ...SAMPLES.activity, subject: "Win a prize\r\nBcc: x@y.z" });
  assert.equal(forged.subject, "Booking update · Artist Space");
});
