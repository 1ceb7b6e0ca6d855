/**
 * Account e-mails: each template turns typed data into a subject, a plain-text
 * body and a small HTML body. Pure, so the outbox can render at delivery time
 * from what it stored, and tests can read every word.
 *
 * Subjects never contain user input (no header injection). In HTML, every
 * value is escaped and links must be http(s), whoever built them.
 */

export interface TemplateData {
  verify_email: { displayName: string; link: string; code: string };
  /** `next`: the new account's first step (domain/onboarding.ts), with absolute URLs. */
  welcome: { displayName: string; loginUrl: string; next?: WelcomeStep };
  password_reset: { displayName: string; link: string };
  password_changed: { displayName: string };
  /** Step-up: the code a sign-in needs after repeated failures (services/auth/step_up.ts). */
  login_code: { displayName: string; code: string; resetUrl: string };
  /** Someone registered with an address that already has an account. */
  account_exists: { displayName: string; loginUrl: string; resetUrl: string };
  /** An in-app notification, mirrored by e-mail (services/notifications.ts). */
  activity: { displayName: string; subject: ActivitySubject; text: string; link: string };
  /** Conversations with unread messages, named and counted; never a message's content (services/messages/digest.ts). */
  message_digest: {
    displayName: string;
    conversations: { title: string; unread: number; link: string }[];
    inboxUrl: string;
  };
}

export interface WelcomeStep {
  title: string;
  text: string;
  action: string;
  url: string;
  alternative?: { label: string; url: string };
}

/** Fixed subjects: user input never reaches a header. */
export const ACTIVITY_SUBJECTS = [
  "New message",
  "New booking request",
  "New offer on your booking",
  "Booking confirmed",
  "Booking declined",
  "Booking cancelled",
  "Offer expired",
  "Booking update",
  "New application",
  "Application update",
  "Hold update",
  "Contract ready to sign",
  "Contract signed",
  "Contract changed",
  "Contract voided",
  "Payment received",
  "Payment failed",
  "Refund processed",
  "Money released",
  "New review",
  "Verification update",
] as const;
export type ActivitySubject = (typeof ACTIVITY_SUBJECTS)[number];

export type TemplateName = keyof TemplateData;

export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
}

const templates: { [T in TemplateName]: (data: TemplateData[T]) => RenderedMail } = {
  verify_email: ({ displayName, link, code }) =>
    mail({
      subject: "Verify your e-mail address for Artist Space",
      greeting: displayName,
      paragraphs: [
        "Thanks for joining Artist Space! Please confirm that this e-mail address is yours.",
      ],
      action: { label: "Verify my e-mail", url: link },
      code: { label: "Or enter this code on the verification page:", value: code },
      footer: "If you did not create an Artist Space account, you can ignore this e-mail.",
    }),

  // Without `next` (an account whose roles have no first step): straight to signing in.
  welcome: ({ displayName, loginUrl, next }) =>
    mail({
      subject: "Welcome to Artist Space",
      greeting: displayName,
      paragraphs: [
        "Your e-mail address is verified and your account is ready.",
        next
          ? `Your next step: ${next.title.toLowerCase()}. ${next.text}`
          : "Log in to find gigs, artists and venues across India.",
      ],
      action: next ? { label: next.action, url: next.url } : { label: "Go to Artist Space", url: loginUrl },
      links: next?.alternative && [next.alternative],
      footer: "See you at the next show!",
    }),

  password_reset: ({ displayName, link }) =>
    mail({
      subject: "Reset your Artist Space password",
      greeting: displayName,
      paragraphs: ["We received a request to reset the password of your Artist Space account."],
      action: { label: "Choose a new password", url: link },
      footer: "If you did not ask for this, you can ignore this e-mail: your password stays as it is.",
    }),

  password_changed: ({ displayName }) =>
    mail({
      subject: "Your Artist Space password was changed",
      greeting: displayName,
      paragraphs: ["The password of your Artist Space account was just changed."],
      footer:
        "If this was you, there is nothing more to do. If it was not, reset your password straight away " +
        "from the sign-in page and contact Artist Space support.",
    }),

  login_code: ({ displayName, code, resetUrl }) =>
    mail({
      subject: "Your Artist Space sign-in code",
      greeting: displayName,
      paragraphs: [
        "Someone tried to sign in to your Artist Space account with a wrong password several times, " +
        "so for now signing in also needs a code. If that was you, enter this code on the sign-in page " +
        "together with your password. It works once, for 10 minutes.",
      ],
      code: { label: "Your sign-in code:", value: code },
      links: [{
        label: "Not you? Nobody gets in without this code; to be safe, choose a new password",
        url: resetUrl,
      }],
      footer: "Never share this code: Artist Space staff will never ask you for it.",
    }),

  account_exists: ({ displayName, loginUrl, resetUrl }) =>
    mail({
      subject: "Someone tried to create an Artist Space account with your address",
      greeting: displayName,
      paragraphs: [
        "Someone just tried to create a new Artist Space account with this e-mail address. You already " +
        "have an account, so nothing was created and nothing about your account has changed.",
        "If it was you, log in instead.",
      ],
      action: { label: "Log in", url: loginUrl },
      links: [{ label: "Forgotten your password? Choose a new one", url: resetUrl }],
      footer: "If it was not you, you can ignore this e-mail.",
    }),

  activity: ({ displayName, subject, text, link }) =>
    mail({
      subject: `${ACTIVITY_SUBJECTS.includes(subject) ? subject : "Booking update"} · Artist Space`,
      greeting: displayName,
      paragraphs: [text],
      action: { label: "Open Artist Space", url: link },
      footer: "You get these e-mails for activity on your bookings and opportunities.",
    }),

  message_digest: ({ displayName, conversations, inboxUrl }) =>
    mail({
      subject: "Unread private messages · Artist Space",
      greeting: displayName,
      paragraphs: [
        "You have private messages waiting. They are end-to-end encrypted, so only your browser can show them:",
        ...conversations.map((c) => `${c.title}: ${c.unread} unread`),
      ],
      action: { label: "Read your messages", url: inboxUrl },
      links: conversations.map((c) => ({ label: c.title, url: c.link })),
      footer: "We send this at most once for each quiet spell of a conversation, and never quote a message.",
    }),
};

export function isTemplateName(name: string): name is TemplateName {
  return Object.hasOwn(templates, name);
}

export function renderMail<T extends TemplateName>(template: T, data: TemplateData[T]): RenderedMail {
  const render = templates[template] as (data: TemplateData[T]) => RenderedMail;
  return render(data);
}

interface MailParts {
  subject: string;
  greeting: string;
  paragraphs: string[];
  action?: { label: string; url: string };
  code?: { label: string; value: string };
  /** Further links, less prominent than the action: after it and the code. */
  links?: { label: string; url: string }[];
  footer: string;
}

function mail(parts: MailParts): RenderedMail {
  const hello = parts.greeting.trim() ? `Hi ${parts.greeting.trim()},` : "Hi there,";
  const checked = {
    ...parts,
    action: parts.action && { ...parts.action, url: httpUrl(parts.action.url) },
    links: parts.links?.map((link) => ({ ...link, url: httpUrl(link.url) })),
  };
  return { subject: parts.subject, text: text(checked, hello), html: html(checked, hello) };
}

function text(parts: MailParts, hello: string): string {
  const blocks = [hello, ...parts.paragraphs];
  if (parts.action) blocks.push(`${parts.action.label}:\n${parts.action.url}`);
  if (parts.code) blocks.push(`${parts.code.label} ${parts.code.value}`);
  for (const link of parts.links ?? []) blocks.push(`${link.label}:\n${link.url}`);
  blocks.push(parts.footer, "— The Artist Space team");
  return `${blocks.join("\n\n")}\n`;
}

const FONT = "font-family:-apple-system,'Segoe UI',Roboto,Helvetica,Arial,sans-serif";
const BUTTON = "display:inline-block;padding:12px 20px;border-radius:6px;background:#6d28d9;color:#ffffff;" +
  "text-decoration:none;font-weight:600";

const LINK = "color:#6d28d9;word-break:break-all";

function html(parts: MailParts, hello: string): string {
  const p = (content: string, style = "") => `<p style="margin:0 0 16px;${style}">${content}</p>`;
  const body = [p(escapeHtml(hello)), ...parts.paragraphs.map((para) => p(escapeHtml(para)))];
  if (parts.action) {
    const href = escapeHtml(parts.action.url);
    body.push(
      p(`<a href="${href}" style="${BUTTON}">${escapeHtml(parts.action.label)}</a>`),
      // Some clients strip buttons; the bare link always works.
      p(
        `Or open this link: <a href="${href}" style="${LINK}">${href}</a>`,
        "font-size:13px;color:#555555",
      ),
    );
  }
  if (parts.code) {
    body.push(
      p(escapeHtml(parts.code.label)),
      p(
        escapeHtml(parts.code.value),
        "font-size:28px;font-weight:700;letter-spacing:6px;font-family:monospace",
      ),
    );
  }
  for (const link of parts.links ?? []) {
    const href = escapeHtml(link.url);
    body.push(p(`${escapeHtml(link.label)}: <a href="${href}" style="${LINK}">${href}</a>`));
  }
  body.push(
    p(escapeHtml(parts.footer), "color:#555555"),
    p("&mdash; The Artist Space team", "color:#555555"),
  );
  return `<!doctype html>
<html lang="en-IN">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${
    escapeHtml(parts.subject)
  }</title></head>
<body style="margin:0;padding:24px;background:#f5f3ff;${FONT}">
<div style="max-width:560px;margin:0 auto;padding:32px;background:#ffffff;border-radius:8px;color:#1f1f1f;font-size:16px;line-height:1.5">
<p style="margin:0 0 24px;font-size:20px;font-weight:700;color:#6d28d9">Artist Space</p>
${body.join("\n")}
</div>
</body>
</html>
`;
}

const ENTITIES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ENTITIES[c]);
}

function httpUrl(value: string): string {
  const url = URL.parse(value);
  if (url?.protocol !== "https:" && url?.protocol !== "http:") {
    throw new TypeError("A link in an e-mail must be an absolute http(s) URL");
  }
  return url.href;
}
