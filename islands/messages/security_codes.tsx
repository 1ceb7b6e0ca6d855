/**
 * The security code shared with each other person in the conversation, for
 * them to compare in person or on a call. Equal codes mean each is sealing to
 * the other's real keys, with no one in between.
 */
import { b64 } from "../../lib/e2ee/bytes.ts";
import { securityCode } from "../../lib/e2ee/security_code.ts";
import type { Recipient } from "./api.ts";
import type { Keys } from "./keystore.ts";

export function SecurityCodes({ keys, recipients }: { keys: Keys; recipients: Recipient[] }) {
  const me = { userId: keys.userId, signKey: b64(keys.identity.signPublic) };
  const others = recipients.filter((r) => r.userId !== keys.userId);
  return (
    <div class="grid gap-3 rounded-xl bg-ink-50 p-3 text-sm" data-testid="security-codes">
      <p>
        Compare the code with each person, in person or on a call. If it is the same on both phones, your
        messages to each other can be read by you two and no one else.
      </p>
      {others.map((r) =>
        r.identity
          ? (
            <div key={r.userId} class="grid gap-1">
              <p class="font-semibold">With {r.name}</p>
              <p class="grid grid-cols-4 gap-1 font-mono" data-testid="security-code" data-user={r.userId}>
                {securityCode(me, { userId: r.userId, signKey: r.identity.signKey }).map((g, i) => (
                  <span key={i}>{g}</span>
                ))}
              </p>
            </div>
          )
          : <p key={r.userId}>{r.name} has not set up private messages yet.</p>
      )}
    </div>
  );
}
