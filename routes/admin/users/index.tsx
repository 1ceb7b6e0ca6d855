import { page } from "fresh";
import { UserCards, type UserFilterValues, UserSearchForm } from "../../../components/admin/UserList.tsx";
import { FormMessage, type FormState, formStateOf } from "../../../components/forms.tsx";
import { listUsers } from "../../../services/users/users.ts";
import type { PublicUser } from "../../../services/users/public_user.ts";
import { define } from "../../../utils.ts";

const PAGE_SIZE = 20;

interface Data {
  values: UserFilterValues;
  users: PublicUser[];
  total: number;
  page: number;
  form?: FormState;
}

/** Finding an account: staff and admins; the filters are a GET form, so a search is a link to share. */
export const handler = define.handlers<Data>({
  async GET(ctx) {
    ctx.state.title = "Users · Admin console";
    const params = ctx.url.searchParams;
    const values = {
      q: params.get("q") ?? "",
      role: params.get("role") ?? "",
      status: params.get("status") ?? "",
    };
    const pageText = params.get("page") ?? "";
    const pageNumber = /^\d{1,6}$/.test(pageText) && Number(pageText) > 0 ? Number(pageText) : 1;
    try {
      const { items, totalItems } = await listUsers(ctx.state.db, ctx.state.actor, {
        ...(values.q.trim() ? { q: values.q } : {}),
        ...(values.role ? { role: values.role } : {}),
        ...(values.status ? { status: values.status } : {}),
        page: pageNumber,
        pageSize: PAGE_SIZE,
      });
      return page({ values, users: items, total: totalItems, page: pageNumber });
    } catch (err) {
      const form = formStateOf(err);
      if (form.status !== 422) throw err;
      return page({ values, users: [], total: 0, page: pageNumber, form }, { status: form.status });
    }
  },
});

export default define.page<typeof handler>(function AdminUsers({ data, url }) {
  const pages = Math.max(1, Math.ceil(data.total / PAGE_SIZE));
  const link = (n: number) => {
    const params = new URLSearchParams(url.searchParams);
    params.set("page", String(n));
    return `/admin/users?${params}`;
  };
  return (
    <section class="max-w-5xl mx-auto px-4 py-6 grid gap-4">
      <h1 class="text-2xl font-bold">Users</h1>
      <UserSearchForm values={data.values} errors={data.form?.fields ?? {}} />
      {data.form && <FormMessage state={data.form} />}
      <p class="text-sm text-ink-500" data-testid="user-count">
        {data.total === 1 ? "1 account" : `${data.total} accounts`}
        {data.total > PAGE_SIZE && `, page ${data.page} of ${pages}`}
      </p>
      <UserCards users={data.users} />
      {pages > 1 && (
        <nav aria-label="Pages" class="flex justify-between text-sm">
          {data.page > 1 ? <a href={link(data.page - 1)} class="text-plum-700 underline">Newer</a> : <span />}
          {data.page < pages
            ? <a href={link(data.page + 1)} class="text-plum-700 underline">Older</a>
            : <span />}
        </nav>
      )}
    </section>
  );
});
