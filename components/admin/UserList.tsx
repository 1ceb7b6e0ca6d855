/** The console's account search: the filter form and the accounts found, as cards that stack on a phone. */
import type { PublicUser } from "../../services/users/public_user.ts";
import { USER_STATUSES } from "../../domain/people.ts";
import { ROLE_NAMES } from "../../domain/roles.ts";
import { formatDate } from "../../domain/time_format.ts";
import { FilterSelect, FilterText } from "../filters.tsx";
import { ROLE_LABEL, USER_STATUS_LABEL, USER_STATUS_TONE } from "./labels.ts";

export interface UserFilterValues {
  q: string;
  role: string;
  status: string;
}

export function UserSearchForm(
  { values, errors }: { values: UserFilterValues; errors: Record<string, string> },
) {
  return (
    <form
      method="get"
      action="/admin/users"
      class="bg-white rounded-xl shadow-sm p-4 grid gap-3 sm:grid-cols-4 sm:items-end"
      role="search"
    >
      <div class="sm:col-span-2">
        <FilterText name="q" label="Name, e-mail, username or phone" value={values.q} error={errors.q} />
      </div>
      <FilterSelect
        name="role"
        label="Role"
        any="Any role"
        selected={values.role}
        options={ROLE_NAMES.map((r) => ({ value: r, label: ROLE_LABEL[r] }))}
        error={errors.role}
      />
      <FilterSelect
        name="status"
        label="Status"
        any="Any status"
        selected={values.status}
        options={USER_STATUSES.map((s) => ({ value: s, label: USER_STATUS_LABEL[s] }))}
        error={errors.status}
      />
      <button
        type="submit"
        class="rounded-lg bg-saffron-500 text-ink-900 font-semibold px-4 py-2 sm:col-start-4"
      >
        Search
      </button>
    </form>
  );
}

export function StatusBadge({ status }: { status: PublicUser["status"] }) {
  return (
    <span class={`rounded-full px-2 py-0.5 text-xs font-semibold ${USER_STATUS_TONE[status]}`}>
      {USER_STATUS_LABEL[status]}
    </span>
  );
}

export function UserCards({ users }: { users: PublicUser[] }) {
  if (users.length === 0) return <p class="text-sm text-ink-500">No account matches.</p>;
  return (
    <ul class="grid gap-3" data-testid="user-results">
      {users.map((u) => (
        <li key={u.id} class="bg-white rounded-xl shadow-sm p-4 grid gap-1" data-testid="user-result">
          <div class="flex flex-wrap items-center gap-2">
            <a href={`/admin/users/${u.id}`} class="font-semibold text-plum-700 underline">
              {u.displayName ?? u.email}
            </a>
            <StatusBadge status={u.status} />
          </div>
          <p class="text-sm text-ink-700 break-all">{u.email}</p>
          <p class="text-xs text-ink-500">
            {[
              u.phone,
              u.roles.map((r) =>
                ROLE_LABEL[r]
              ).join(", ") || "No role",
              `Joined ${formatDate(u.createdAt)}`,
            ]
              .filter(Boolean).join(" · ")}
          </p>
        </li>
      ))}
    </ul>
  );
}
