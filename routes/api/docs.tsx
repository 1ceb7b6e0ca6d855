import { page } from "fresh";
import { createApi, type OpenApiDocument, openApiDocument } from "../../api/app.ts";
import { ApiDocs } from "../../components/ApiDocs.tsx";
import { define } from "../../utils.ts";

// Routes are fixed at start-up, so the document is built once. Building it
// only declares routes; the dependencies handed over are never used.
let doc: OpenApiDocument | undefined;

export const handler = define.handlers({
  GET(ctx) {
    doc ??= openApiDocument(createApi({ db: ctx.state.db, auth: ctx.state.auth }));
    ctx.state.title = "API documentation";
    ctx.state.description = "The Artist Space REST API: endpoints, parameters and examples.";
    return page({ doc });
  },
});

export default define.page<typeof handler>(({ data }) => <ApiDocs doc={data.doc} />);
