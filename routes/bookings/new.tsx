import { page } from "fresh";
import { Field, FormMessage, type FormState, formStateOf } from "../../components/forms.tsx";
import { AppError, type FieldIssue, ValidationError } from "../../domain/errors.ts";
import OfferComposer from "../../islands/OfferComposer.tsx";
import { formFields } from "../../lib/form_data.ts";
import { createBooking } from "../../services/bookings/bookings.ts";
import { bookingInputFromForm, formFieldOf } from "../../services/bookings/form_input.ts";
import { actBySlug, type ActProfile } from "../../services/catalog/profiles.ts";
import { cityInForm } from "../../services/geo.ts";
import { define, signInFirst } from "../../utils.ts";

interface Data {
  act: ActProfile;
  values: Record<string, string>;
  form?: FormState;
}

const FIELD: Record<string, string> = { cityId: "city" };

/** Field errors under the form's names; a city is typed by name, so its id's errors belong to it. */
function formState(err: unknown): FormState {
  const form = formStateOf(err);
  const fields: Record<string, string> = {};
  for (const d of (err as AppError).details) {
    const name = formFieldOf(d);
    fields[FIELD[name] ?? name] ??= d.message;
  }
  return { ...form, fields };
}

export const handler = define.handlers<Data>({
  async GET(ctx) {
    if (!ctx.state.actor) return signInFirst(ctx);
    const act = await actBySlug(ctx.state.db, ctx.url.searchParams.get("act") ?? "");
    ctx.state.title = `Request a booking: ${act.name}`;
    return page({ act, values: { city: act.city ?? "", durationMinutes: "90", deposit: "30" } });
  },
  async POST(ctx) {
    if (!ctx.state.actor) return signInFirst(ctx);
    const act = await actBySlug(ctx.state.db, ctx.url.searchParams.get("act") ?? "");
    ctx.state.title = `Request a booking: ${act.name}`;
    const values = await formFields(ctx.req);
    try {
      const issues: FieldIssue[] = [];
      const city = await cityInForm(ctx.state.db, values.city ?? "", "city", issues);
      if (issues.length) throw new ValidationError("Invalid input data", issues);
      const input = bookingInputFromForm({ ...values, actId: act.id, cityId: city ? String(city.id) : "" });
      const booking = await createBooking(ctx.state.deps, ctx.state.actor, input, ctx.state.requestMeta);
      return ctx.redirect(`/bookings/${booking.id}`, 303);
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      const form = formState(err);
      return page({ act, values, form }, { status: form.status });
    }
  },
});

export default define.page<typeof handler>(function NewBooking({ data }) {
  const { act, values, form } = data;
  const err = form?.fields ?? {};
  return (
    <section class="max-w-2xl mx-auto px-4 py-6">
      <div class="bg-white rounded-2xl shadow-sm p-5 grid gap-4">
        <h1 class="text-2xl font-bold">Request a booking</h1>
        <p class="text-sm text-ink-700">
          Ask <span class="font-semibold">{act.name}</span>{" "}
          for a date. Add a fee to send an offer straight away, or leave it empty and the act will quote.
        </p>
        <FormMessage state={form} />
        <form method="post" class="grid gap-4" novalidate>
          <Field name="title" label="Event" value={values.title} error={err.title} required maxlength={160} />
          <div class="grid grid-cols-2 gap-3">
            <Field
              name="startsAt"
              label="Starts (India time)"
              type="datetime-local"
              value={values.startsAt}
              error={err.startsAt}
              required
            />
            <Field
              name="durationMinutes"
              label="Length (minutes)"
              inputmode="numeric"
              value={values.durationMinutes}
              error={err.durationMinutes}
              required
            />
          </div>
          <div class="grid grid-cols-2 gap-3">
            <Field name="city" label="City" value={values.city} error={err.city} required />
            <Field name="address" label="Address or venue" value={values.address} error={err.address} />
          </div>
          <div>
            <label for="message" class="block text-sm font-semibold text-ink-700">Message to the act</label>
            <textarea
              id="message"
              name="message"
              rows={3}
              maxLength={2000}
              class="mt-1 w-full rounded-lg border border-ink-100 px-3 py-2"
            >
              {values.message ?? ""}
            </textarea>
            {err.message && <p class="mt-1 text-sm text-red-700">{err.message}</p>}
          </div>
          <fieldset class="grid gap-3">
            <legend class="font-semibold">Opening offer (optional)</legend>
            <OfferComposer
              values={{
                fee: values.fee ?? "",
                deposit: values.deposit ?? "30",
                startsAt: "",
                durationMinutes: "",
                expiresAt: values.expiresAt ?? "",
                travel: values.travel ?? "organizer",
                accommodation: values.accommodation ?? "organizer",
                sound: values.sound ?? "venue",
                cancellationTier: values.cancellationTier ?? "standard",
                note: values.note ?? "",
              }}
              errors={err}
              currency={act.currency}
              withSchedule={false}
            />
          </fieldset>
          <button
            type="submit"
            class="rounded-lg bg-saffron-500 hover:bg-saffron-600 text-ink-900 font-semibold px-4 py-2"
          >
            Send request
          </button>
        </form>
      </div>
    </section>
  );
});
