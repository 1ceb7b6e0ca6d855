import { AdminNav } from "../../components/admin/AdminNav.tsx";
import { isAdmin } from "../../domain/access.ts";
import { define } from "../../utils.ts";

export default define.layout(function AdminLayout({ Component, url, state }) {
  return (
    <>
      <AdminNav path={url.pathname} isAdmin={state.actor !== null && isAdmin(state.actor)} />
      <Component />
    </>
  );
});
