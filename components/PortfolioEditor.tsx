/**
 * The owner's portfolio and photo forms on the edit pages: plain multipart
 * forms that post back to the page, so they work without JavaScript.
 */
import type { PortfolioItemView } from "../services/catalog/portfolio.ts";
import { FormMessage } from "./forms.tsx";
import { Field } from "./forms.tsx";
import { EditCard, FileField, SaveButton, SelectField } from "./edit_fields.tsx";
import { documentHref } from "./Portfolio.tsx";

/** The last form that failed: which one, its field errors and what was typed. */
export interface FailedForm {
  intent: string;
  message?: string;
  fields: Record<string, string>;
  values: Record<string, string>;
}

const errorsFor = (failed: FailedForm | undefined, intent: string) =>
  failed?.intent === intent ? failed : undefined;

const NO_UPLOADS = "Uploads are not available on this server right now.";

export function PhotoForm(
  { failed, uploads, current }: { failed?: FailedForm; uploads: boolean; current: string | null },
) {
  const mine = errorsFor(failed, "photo");
  return (
    <EditCard title="Photo">
      {current && (
        <img src={current} alt="" width={96} height={96} class="w-24 h-24 rounded-lg object-cover" />
      )}
      {uploads
        ? (
          <form method="post" enctype="multipart/form-data" class="grid gap-3" data-testid="photo-form">
            <FormMessage state={mine} />
            <FileField
              name="file"
              label="A new photo"
              accept="image/jpeg,image/png,image/webp,image/avif"
              error={mine?.fields.file}
              hint="JPEG, PNG, WebP or AVIF, at most 5 MB."
            />
            <SaveButton name="intent" value="photo">Upload photo</SaveButton>
          </form>
        )
        : <p class="text-sm text-ink-500">{NO_UPLOADS}</p>}
    </EditCard>
  );
}

export function PortfolioEditor(
  { actId, items, failed, uploads }: {
    actId: string;
    items: PortfolioItemView[];
    failed?: FailedForm;
    uploads: boolean;
  },
) {
  const link = errorsFor(failed, "add-link");
  const upload = errorsFor(failed, "upload");
  const remove = errorsFor(failed, "remove");
  return (
    <EditCard title="Portfolio">
      <FormMessage state={remove} />
      {items.length === 0
        ? <p class="text-sm text-ink-500">Nothing yet: add a video, a track or your technical rider.</p>
        : (
          <ul class="divide-y divide-ink-100" data-testid="portfolio-items">
            {items.map((item) => (
              <li key={item.id} class="py-2 flex items-center justify-between gap-3">
                <span class="min-w-0">
                  <span class="font-medium break-words">{item.title}</span>{" "}
                  <span class="text-xs text-ink-500">
                    {item.kind === "document" ? "Technical rider (private)" : item.kind}
                    {item.provider && item.provider !== "link" && ` · ${item.provider}`}
                  </span>{" "}
                  <a
                    href={item.kind === "document" ? documentHref(actId, item.id) : item.url}
                    rel="noopener noreferrer nofollow"
                    class="text-xs underline"
                  >
                    open
                  </a>
                </span>
                <form method="post">
                  <input type="hidden" name="item" value={item.id} />
                  <button type="submit" name="intent" value="remove" class="text-sm text-red-700 underline">
                    Remove
                  </button>
                </form>
              </li>
            ))}
          </ul>
        )}

      <form method="post" class="grid gap-3 border-t border-ink-100 pt-4" data-testid="add-link-form">
        <h3 class="font-semibold">Add a link</h3>
        <FormMessage state={link} />
        <Field
          name="link-title"
          label="Title"
          value={link?.values.title}
          error={link?.fields.title}
          required
        />
        <Field
          name="link-url"
          label="Link"
          type="url"
          value={link?.values.url}
          error={link?.fields.url}
          hint="YouTube, Spotify and SoundCloud links play on your page; other https links are shown as links."
          required
        />
        <SelectField
          name="link-kind"
          label="What is it?"
          value={link?.values.kind ?? ""}
          options={[
            { value: "", label: "Work it out from the link" },
            { value: "audio", label: "Audio" },
            { value: "video", label: "Video" },
          ]}
          error={link?.fields.kind}
        />
        <SaveButton name="intent" value="add-link">Add link</SaveButton>
      </form>

      {uploads
        ? (
          <form
            method="post"
            enctype="multipart/form-data"
            class="grid gap-3 border-t border-ink-100 pt-4"
            data-testid="upload-form"
          >
            <h3 class="font-semibold">Upload a photo or your technical rider</h3>
            <FormMessage state={upload} />
            <Field
              name="upload-title"
              label="Title"
              value={upload?.values.title}
              error={upload?.fields.title}
              required
            />
            <SelectField
              name="upload-kind"
              label="What is it?"
              value={upload?.values.kind ?? "document"}
              options={[
                { value: "document", label: "Technical rider (PDF, private)" },
                { value: "photo", label: "Photo (public)" },
              ]}
              error={upload?.fields.kind}
            />
            <FileField
              name="file"
              label="File"
              accept="application/pdf,image/jpeg,image/png,image/webp,image/avif"
              error={upload?.fields.file}
              hint="A rider as a PDF, or a JPEG, PNG, WebP or AVIF photo; at most 5 MB."
            />
            <SaveButton name="intent" value="upload">Upload</SaveButton>
          </form>
        )
        : <p class="text-sm text-ink-500 border-t border-ink-100 pt-4">{NO_UPLOADS}</p>}
    </EditCard>
  );
}
