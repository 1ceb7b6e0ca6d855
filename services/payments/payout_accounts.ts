/**
 * Where a person is paid out: their account at a gateway (a Razorpay Route
 * linked account `acc_…`, a Stripe Connect account `acct_…`). The gateway
 * verifies the holder (KYC) in its own dashboard; an admin then enters the
 * account here, and payouts scheduled from then on go to it. The sandbox
 * needs none: everyone has a pretend account there.
 */
import type { Kysely } from "kysely";
import { z } from "zod";
import { withAuditContext } from "../../db/audit.ts";
import { upsertPayoutAccount } from "../../db/queries/payouts.ts";
import type { Database } from "../../db/schema.ts";
import { type Actor, requireAdmin } from "../../domain/access.ts";
import { NotFound, ValidationError } from "../../domain/errors.ts";
import type { RequestMeta } from "../deps.ts";
import { parseInput, requireId } from "../validation.ts";

/** The shape of each gateway's account ids, so a mistyped one is refused here and not by a failed transfer. */
const ACCOUNT_FORMAT = {
  razorpay: { pattern: /^acc_[A-Za-z0-9]{14}$/, example: "acc_GRWKk7qQsLnDjX" },
  stripe: { pattern: /^acct_[A-Za-z0-9]{16,32}$/, example: "acct_1Nv0FGQ9RKHgCVdK" },
} as const;

export const PayoutAccountInput = z.object({ accountRef: z.string().trim().min(1).max(64) });

export interface PayoutAccountView {
  userId: string;
  gateway: keyof typeof ACCOUNT_FORMAT;
  accountRef: string;
}

export async function setPayoutAccount(
  db: Kysely<Database>,
  actor: Actor | null,
  userId: string,
  gateway: string,
  input: unknown,
  meta: RequestMeta,
): Promise<PayoutAccountView> {
  const admin = requireAdmin(actor);
  const id = requireId(userId, "User");
  if (gateway !== "razorpay" && gateway !== "stripe") {
    throw new ValidationError("Payout accounts are for razorpay or stripe", [
      { field: "gateway", message: "razorpay or stripe (the sandbox needs no account)" },
    ]);
  }
  const { accountRef } = parseInput(PayoutAccountInput, input);
  const format = ACCOUNT_FORMAT[gateway];
  if (!format.pattern.test(accountRef)) {
    throw new ValidationError("That is not an account id of this gateway", [
      { field: "accountRef", message: `Like ${format.example}` },
    ]);
  }
  return await db.transaction().execute(async (trx) => {
    const user = await trx.selectFrom("users").select("id").where("id", "=", id).executeTakeFirst();
    if (!user) throw new NotFound("User not found");
    await withAuditContext(trx, { ...meta, actorId: admin.userId });
    await upsertPayoutAccount(trx, {
      user_id: id,
      gateway,
      account_ref: accountRef,
      created_by: admin.userId,
    });
    return { userId: id, gateway, accountRef };
  });
}
