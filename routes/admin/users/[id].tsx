import { page } from "fresh";
import {
  DeletePanel,
  IdentityPanel,
  ListingsPanel,
  RecentAuditPanel,
  RolesPanel,
  SuspensionPanel,
  type UserFormError,
} from "../../../components/admin/UserPanels.tsx";
import { StatusBadge } from "../../../components/admin/UserList.tsx";
import { FormMessage, formStateOf } from "../../../components/forms.tsx";
import { AppError, ValidationError } from "../../../domain/errors.ts";
import { ROLE_NAMES, type RoleName } from "../../../domain/roles.ts";
import { formFields } from "../../../lib/form_data.ts";
import { type AdminUserView, adminUserView } from "../../../services/admin/users.ts";
import { reinstateUser, suspendUser } from "../../../services/admin/users_suspension.ts";
import { assignRole, deleteUser, removeRole } from "../../../services/users/users.ts";
import { define, type State } from "../../../utils.ts";

interface Data {
  view: AdminUserView;
  confirmDelete: boolean;
  done?: string;
  error?: UserFormError;
}

/** What each action's success says, by the `done` it redirects with. */
const DONE: Record<string, string> = {
  suspend: "Suspended. Every session has ended.",
  reinstate: "Reinstated. They can sign in again, and their listings are back.",
  grant_role: "Role granted.",
  remove_role: "Role withdrawn.",
  delete: "The account is deleted.",
};

/**
 * One account in the console: staff and admins see it; only admins get the forms (the services refuse
 * staff with 403 all the same). Every form posts here with its `intent` and comes back with `?done=`.
 */
export const handler = define.handlers<Data>({
  async GET(ctx) {
    const view = await adminUserView(ctx.state.deps, ctx.state.actor, ctx.params.id);
    ctx.state.title = `${view.user.displayName ?? view.user.email} · Admin console`;
    const done = ctx.url.searchParams.get("done") ?? "";
    return page({
      view,
      confirmDelete: ctx.url.searchParams.get("confirm") === "delete",
      done: DONE[done],
    });
  },
  async POST(ctx) {
    const { state } = ctx;
    const id = ctx.params.id;
    const values = await formFields(ctx.req);
    const intent = values.intent ?? "";
    try {
      await act(state, id, intent, values);
    } catch (err) {
      // Refusals (403), unknown accounts (404) and anything unexpected are the error page's.
      if (!(err instanceof AppError) || !["VALIDATION_ERROR", "CONFLICT"].includes(err.code)) throw err;
      const form = formStateOf(err);
      const view = await adminUserView(state.deps, state.actor, id);
      state.title = `${view.user.displayName ?? view.user.email} · Admin console`;
      return page({
        view,
        confirmDelete: intent === "delete",
        error: { intent, message: form.message, fields: form.fields, values },
      }, { status: form.status });
    }
    return ctx.redirect(`/admin/users/${id}?done=${intent}`, 303);
  },
});

async function act(state: State, id: string, intent: string, values: Record<string, string>): Promise<void> {
  const { deps, actor, requestMeta } = state;
  if (intent === "suspend") {
    await suspendUser(deps, actor, id, { reason: values.reason ?? "" }, requestMeta);
  } else if (intent === "reinstate") {
    await reinstateUser(deps, actor, id, values.note ? { note: values.note } : {}, requestMeta);
  } else if (intent === "grant_role") {
    await assignRole(state.db, actor, id, roleOf(values.role), requestMeta);
  } else if (intent === "remove_role") {
    await removeRole(state.db, actor, id, roleOf(values.role), requestMeta);
  } else if (intent === "delete" && values.confirm === "delete") {
    await deleteUser(state.db, actor, id, requestMeta);
  } else {
    throw new ValidationError("Choose what to do from the page", [
      { field: "intent", message: "Not an action of this page" },
    ]);
  }
}

/** Intents whose panel shows their errors itself. */
const PANEL_INTENTS = ["suspend", "reinstate", "grant_role", "remove_role"];

function roleOf(value: string | undefined): RoleName {
  if ((ROLE_NAMES as readonly string[]).includes(value ?? "")) return value as RoleName;
  throw new ValidationError("Invalid input data", [{ field: "role", message: "Choose a role" }]);
}

export default define.page<typeof handler>(function AdminUser({ data }) {
  const { view } = data;
  const u = view.user;
  return (
    <section class="max-w-5xl mx-auto px-4 py-6 grid gap-4">
      <p class="text-sm">
        <a href="/admin/users" class="text-plum-700 underline">All users</a>
      </p>
      <div class="flex flex-wrap items-center gap-2">
        <h1 class="text-2xl font-bold break-all">{u.displayName ?? u.email}</h1>
        <StatusBadge status={u.status} />
      </div>
      {data.done && <FormMessage state={{ message: data.done }} tone="ok" />}
      {data.error && !PANEL_INTENTS.includes(data.error.intent) && <FormMessage state={data.error} />}
      <IdentityPanel view={view} />
      <SuspensionPanel view={view} error={data.error} />
      <RolesPanel view={view} error={data.error} />
      <ListingsPanel view={view} />
      <RecentAuditPanel view={view} />
      <DeletePanel view={view} confirm={data.confirmDelete} />
    </section>
  );
});
