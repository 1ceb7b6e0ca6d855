import { page } from "fresh";
import { ApiDocs } from "../../components/ApiDocs.tsx";
import { define } from "../../utils.ts";

export const handler = define.handlers({
  GET(ctx) {
    ctx.state.title = "API documentation";
    ctx.state.description = "The Artist Space REST API: endpoints, parameters and examples.";
    return page({ doc: ctx.state.apiDocument() });
  },
});

export default define.page<typeof handler>(({ data }) => <ApiDocs doc={data.doc} />);
