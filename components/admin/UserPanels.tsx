/**
 * The sections of an account's page in the console. Forms post to the page itself with an `intent`;
 * they are shown to admins only (staff would be refused by the services anyway), and each shows its own
 * error beside its field.
 */
import type { ComponentChildren } from "preact";
import { SUSPENSION_REASON_MAX } from "../../domain/suspension.ts";
import { ROLE_NAMES } from "../../domain/roles.ts";
import { formatDateTime } from "../../domain/time_format.ts";
import type { AdminUserView } from "../../services/admin/users.ts";
import { AuditEntries } from "./AuditEntries.tsx";
import { ROLE_LABEL } from "./labels.ts";

/** Which form an error belongs to, and its field messages. */
export interface UserFormError {
  intent: string;
  message?: string;
  fields: Record<string, string>;
  /** What was typed, given back. */
  values: Record<string, string>;
}

const BUTTON = "rounded-lg font-semibold px-4 py-2";

export function Panel(
  { title, children, testId }: { title: string; children: ComponentChildren; testId?: string },
) {
  return (
    <section class="bg-white rounded-xl shadow-sm p-4 grid gap-3" data-testid={testId}>
      <h2 class="text-lg font-bold">{title}</h2>
      {children}
    </section>
  );
}

function ErrorText({ id, error }: { id: string; error?: string }) {
  return error ? <p id={id} class="text-sm text-red-700">{error}</p> : null;
}

function FormAlert({ error, intent }: { error?: UserFormError; intent: string }) {
  if (!error || error.intent !== intent || !error.message || Object.keys(error.fields).length) return null;
  return (
    <p role="alert" class="rounded-lg border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800">
      {error.message}
    </p>
  );
}

export function IdentityPanel({ view }: { view: AdminUserView }) {
  const u = view.user;
  const rows: [string, string][] = [
    ["E-mail", u.email],
    ["Username", u.username ?? "None"],
    ["Phone", u.phone ?? "None"],
    ["Name", [u.firstName, u.lastName].filter(Boolean).join(" ") || "Not given"],
    ["Joined", formatDateTime(u.createdAt)],
    ["Sessions that can still act", String(view.liveSessions)],
    ["Account id", u.id],
  ];
  return (
    <Panel title="Identity" testId="identity">
      <dl class="grid gap-2 sm:grid-cols-3 text-sm">
        {rows.map(([term, value]) => (
          <div key={term} class={term === "Account id" ? "sm:col-span-3" : undefined}>
            <dt class="text-xs font-semibold text-ink-500">{term}</dt>
            <dd class="break-all">{value}</dd>
          </div>
        ))}
      </dl>
    </Panel>
  );
}

export function SuspensionPanel({ view, error }: { view: AdminUserView; error?: UserFormError }) {
  const current = view.suspension;
  const reasonError = error?.intent === "suspend" ? error.fields.reason : undefined;
  const noteError = error?.intent === "reinstate" ? error.fields.note : undefined;
  return (
    <Panel title="Suspension" testId="suspension">
      {view.user.status === "suspended"
        ? (
          <div
            class="rounded-lg border border-red-200 bg-red-50 p-3 text-sm grid gap-1"
            data-testid="suspended"
          >
            <p class="font-semibold text-red-800">
              Suspended{current && ` ${formatDateTime(current.suspendedAt)}`}
              {current?.suspendedByName && ` by ${current.suspendedByName}`}
            </p>
            <p data-testid="suspension-reason">{current?.reason ?? "No reason was recorded."}</p>
            <p class="text-ink-500">
              Signed out everywhere and refused at sign-in; their acts, venues and open gigs are hidden from
              the public until reinstated.
            </p>
          </div>
        )
        : <p class="text-sm text-ink-500">Not suspended.</p>}
      {view.canManage && view.user.status === "suspended" && (
        <form method="post" class="grid gap-2" data-testid="reinstate-form">
          <FormAlert error={error} intent="reinstate" />
          <label for="note" class="text-sm font-semibold text-ink-700">Note (optional)</label>
          <textarea
            id="note"
            name="note"
            rows={2}
            maxlength={SUSPENSION_REASON_MAX}
            aria-invalid={noteError ? "true" : undefined}
            aria-describedby={noteError ? "note-error" : undefined}
            class="w-full rounded-lg border border-ink-100 px-3 py-2"
          >
            {error?.intent === "reinstate" ? error.values.note : ""}
          </textarea>
          <ErrorText id="note-error" error={noteError} />
          <button
            type="submit"
            name="intent"
            value="reinstate"
            class={`${BUTTON} bg-saffron-500 text-ink-900`}
          >
            Reinstate the account
          </button>
        </form>
      )}
      {view.canManage && !view.isSelf && view.user.status !== "suspended" && (
        <form method="post" class="grid gap-2" data-testid="suspend-form">
          <FormAlert error={error} intent="suspend" />
          <label for="reason" class="text-sm font-semibold text-ink-700">Why suspend this account?</label>
          <textarea
            id="reason"
            name="reason"
            rows={3}
            required
            maxlength={SUSPENSION_REASON_MAX}
            aria-invalid={reasonError ? "true" : undefined}
            aria-describedby={reasonError ? "reason-error" : "reason-hint"}
            class={`w-full rounded-lg border px-3 py-2 ${reasonError ? "border-red-400" : "border-ink-100"}`}
          >
            {error?.intent === "suspend" ? error.values.reason : ""}
          </textarea>
          <ErrorText id="reason-error" error={reasonError} />
          {!reasonError && (
            <p id="reason-hint" class="text-xs text-ink-500">
              Kept for the admins; the person is only told the account is suspended. They are signed out at
              once.
            </p>
          )}
          <button type="submit" name="intent" value="suspend" class={`${BUTTON} bg-red-700 text-white`}>
            Suspend the account
          </button>
        </form>
      )}
      {view.suspensions.some((s) => s.liftedAt) && (
        <div class="grid gap-2">
          <h3 class="text-sm font-semibold">Earlier suspensions</h3>
          <ul class="grid gap-2 text-sm" data-testid="suspension-history">
            {view.suspensions.filter((s) => s.liftedAt).map((s) => (
              <li key={s.id} class="border-l-4 border-ink-100 pl-3">
                <p>{s.reason}</p>
                <p class="text-xs text-ink-500">
                  {formatDateTime(s.suspendedAt)}
                  {s.suspendedByName && ` by ${s.suspendedByName}`}; lifted {formatDateTime(s.liftedAt!)}
                  {s.liftedByName && ` by ${s.liftedByName}`}
                  {s.liftNote && `: ${s.liftNote}`}
                </p>
              </li>
            ))}
          </ul>
        </div>
      )}
    </Panel>
  );
}

export function RolesPanel({ view, error }: { view: AdminUserView; error?: UserFormError }) {
  const held = view.user.roles;
  const others = ROLE_NAMES.filter((r) => !held.includes(r));
  const roleError = error?.intent === "grant_role" ? error.fields.role : undefined;
  return (
    <Panel title="Roles" testId="roles">
      <FormAlert error={error} intent="remove_role" />
      {held.length === 0 && <p class="text-sm text-ink-500">No roles.</p>}
      <ul class="flex flex-wrap gap-2" data-testid="role-list">
        {held.map((r) => (
          <li key={r} class="flex items-center gap-2 rounded-full bg-ink-50 pl-3 pr-1 py-1 text-sm">
            {ROLE_LABEL[r]}
            {view.canManage && (
              <form method="post">
                <input type="hidden" name="role" value={r} />
                <button
                  type="submit"
                  name="intent"
                  value="remove_role"
                  class="rounded-full bg-white px-2 text-xs text-red-700 underline"
                  aria-label={`Withdraw the ${ROLE_LABEL[r]} role`}
                >
                  Withdraw
                </button>
              </form>
            )}
          </li>
        ))}
      </ul>
      {view.canManage && others.length > 0 && (
        <form method="post" class="flex flex-wrap items-end gap-2" data-testid="grant-form">
          <FormAlert error={error} intent="grant_role" />
          <label class="text-sm font-semibold text-ink-700">
            Grant a role
            <select
              name="role"
              aria-invalid={roleError ? "true" : undefined}
              aria-describedby={roleError ? "role-error" : undefined}
              class="mt-1 block rounded-lg border border-ink-100 bg-white px-3 py-2 font-normal"
            >
              {others.map((r) => <option key={r} value={r}>{ROLE_LABEL[r]}</option>)}
            </select>
          </label>
          <button
            type="submit"
            name="intent"
            value="grant_role"
            class={`${BUTTON} bg-saffron-500 text-ink-900`}
          >
            Grant
          </button>
          <ErrorText id="role-error" error={roleError} />
        </form>
      )}
    </Panel>
  );
}

export function ListingsPanel({ view }: { view: AdminUserView }) {
  const { acts, venues, opportunities } = view.listings;
  const none = acts.length + venues.length + opportunities.length === 0;
  return (
    <Panel title="What they list" testId="listings">
      {!view.listed && !none && (
        <p class="text-sm font-semibold text-red-800" data-testid="listings-hidden">
          Hidden from the public while the account is {view.user.status}.
        </p>
      )}
      {none && <p class="text-sm text-ink-500">No acts, venues or open gigs.</p>}
      <ul class="grid gap-1 text-sm">
        {acts.map((a) => (
          <li key={a.id}>
            {a.kind === "band" ? "Band" : "Act"}:{" "}
            <a href={`/${a.kind === "band" ? "bands" : "artists"}/${a.slug}`} class="text-plum-700 underline">
              {a.name}
            </a>
          </li>
        ))}
        {venues.map((v) => (
          <li key={v.id}>
            Venue: <a href={`/venues/${v.slug}`} class="text-plum-700 underline">{v.name}</a>
          </li>
        ))}
        {opportunities.map((o) => (
          <li key={o.id}>
            Open gig: <a href={`/opportunities/${o.id}`} class="text-plum-700 underline">{o.title}</a>
            <span class="text-ink-500">{` · ${formatDateTime(o.startsAt)}`}</span>
          </li>
        ))}
      </ul>
    </Panel>
  );
}

export function RecentAuditPanel({ view }: { view: AdminUserView }) {
  const id = view.user.id;
  return (
    <Panel title="Recent audit entries about them" testId="user-audit">
      <AuditEntries rows={view.recentAudit} empty="Nothing recorded about this account." />
      <p class="flex flex-wrap gap-4 text-sm">
        <a href={`/admin/audit?entityType=user&entityId=${id}`} class="text-plum-700 underline">
          Every event of the account
        </a>
        <a href={`/admin/audit?entityType=users&entityId=${id}`} class="text-plum-700 underline">
          Every change to its record
        </a>
        <a href={`/admin/audit?who=${id}`} class="text-plum-700 underline">What they did</a>
      </p>
    </Panel>
  );
}

export function DeletePanel({ view, confirm }: { view: AdminUserView; confirm: boolean }) {
  if (!view.canManage) return null;
  return (
    <Panel title="Delete the account" testId="delete">
      <p class="text-sm text-ink-700">
        Scrubs their personal details and ends every session; bookings and the audit log keep their history.
        It cannot be undone.
      </p>
      {confirm
        ? (
          <form method="post" class="grid gap-2 sm:flex sm:items-center" data-testid="delete-form">
            <input type="hidden" name="confirm" value="delete" />
            <button type="submit" name="intent" value="delete" class={`${BUTTON} bg-red-700 text-white`}>
              Yes, delete {view.user.displayName ?? view.user.email}
            </button>
            <a href={`/admin/users/${view.user.id}`} class="text-sm text-plum-700 underline">
              Keep the account
            </a>
          </form>
        )
        : (
          <a href={`/admin/users/${view.user.id}?confirm=delete`} class="text-sm text-red-700 underline">
            Delete this account…
          </a>
        )}
    </Panel>
  );
}
