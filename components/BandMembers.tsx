/**
 * A band's line-up on its members page: everyone sees who is in it; the
 * manager also sees invitations and fee shares, removes anyone and invites by
 * e-mail; a member may leave. Plain forms, each error beside its field.
 */
import type { MemberView } from "../services/catalog/band_members.ts";
import type { InviteValues } from "../services/onboarding/member_form.ts";
import { EditCard, SaveButton } from "./edit_fields.tsx";
import { Field, FormMessage, type FormState } from "./forms.tsx";

const STATUS: Record<MemberView["status"], string> = {
  accepted: "Member",
  invited: "Invited",
  declined: "Declined",
};

export function MemberList(
  { members, manages, viewerId }: { members: MemberView[]; manages: boolean; viewerId: string },
) {
  return (
    <EditCard title="Members">
      {members.length === 0
        ? <p class="text-sm text-ink-500">Nobody is in the band yet.</p>
        : (
          <ul class="divide-y divide-ink-100" data-testid="member-list">
            {members.map((m) => (
              <li key={m.userId} class="py-3 flex flex-wrap items-center justify-between gap-3">
                <div>
                  <p class="font-medium">{m.displayName ?? "Unnamed member"}</p>
                  <p class="text-xs text-ink-500">
                    {[
                      m.role,
                      STATUS[m.status],
                      m.feeShareBps != null ? `${m.feeShareBps / 100}% of the fee` : null,
                    ].filter(Boolean).join(" · ")}
                  </p>
                </div>
                {(manages || m.userId === viewerId) && m.status !== "declined" && (
                  <form method="post">
                    <input type="hidden" name="userId" value={m.userId} />
                    <button type="submit" name="intent" value="remove" class="text-sm text-red-700 underline">
                      {m.userId === viewerId
                        ? "Leave the band"
                        : m.status === "invited"
                        ? "Withdraw the invitation"
                        : `Remove ${m.displayName ?? "this member"}`}
                    </button>
                  </form>
                )}
              </li>
            ))}
          </ul>
        )}
    </EditCard>
  );
}

export function InviteForm({ values: v, form }: { values: InviteValues; form?: FormState }) {
  const err = form?.fields ?? {};
  return (
    <EditCard title="Invite a member">
      <form method="post" class="grid gap-4" data-testid="invite-form" novalidate>
        <FormMessage state={form} />
        <Field
          name="email"
          label="E-mail address"
          type="email"
          value={v.email}
          error={err.email}
          required
          hint="The address of their Artist Space account; they accept from their dashboard"
        />
        <div class="grid gap-4 sm:grid-cols-2">
          <Field name="role" label="Plays or sings" value={v.role} error={err.role} hint="Like Tabla" />
          <Field
            name="feeShare"
            label="Share of the fee (%)"
            inputmode="numeric"
            value={v.feeShare}
            error={err.feeShare}
          />
        </div>
        <SaveButton name="intent" value="invite">Send the invitation</SaveButton>
      </form>
    </EditCard>
  );
}
