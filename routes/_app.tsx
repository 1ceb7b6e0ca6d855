import { HttpError } from "fresh";
import { asset } from "fresh/runtime";
import { MetaTags } from "../components/MetaTags.tsx";
import { AppError } from "../domain/errors.ts";
import { define } from "../utils.ts";

const DEFAULT_DESCRIPTION =
  "Book artists, bands and venues across India: negotiate, sign and pay in one place.";

/** Error pages have no handler to set a title, so it follows from the error. */
function errorTitle(error: unknown): string | undefined {
  if (error === undefined) return undefined;
  const notFound = (error instanceof HttpError && error.status === 404) ||
    (error instanceof AppError && error.code === "NOT_FOUND");
  return notFound ? "Page not found" : "Something went wrong";
}

export default define.page(function App({ Component, state, error }) {
  const heading = state.title ?? errorTitle(error);
  const title = heading ? `${heading} · Artist Space` : "Artist Space · Book live music";
  const description = state.description ?? DEFAULT_DESCRIPTION;
  return (
    <html lang="en-IN">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{title}</title>
        <meta name="description" content={description} />
        {state.meta && !error && (
          <MetaTags
            meta={state.meta}
            title={heading ?? title}
            description={description}
            origin={state.deps.origin}
          />
        )}
        <meta name="theme-color" content="#1b1428" />
        <link rel="icon" href={asset("/favicon.svg")} type="image/svg+xml" />
        <link rel="apple-touch-icon" href={asset("/icons/apple-touch-icon.png")} />
        <link rel="manifest" href={asset("/manifest.webmanifest")} />
      </head>
      <body class="bg-ink-50 text-ink-900 antialiased min-h-screen flex flex-col">
        <Component />
        {
          /* Signed in, the service worker keeps what may be read offline; anonymous first views stay
          free of script. A module script is deferred, and registers only after `load`. */
        }
        {state.actor && state.registerScript && <script type="module" src={state.registerScript} />}
      </body>
    </html>
  );
});
