import { page } from "fresh";
import { DisclosedMessages } from "../../../components/DisclosedMessages.tsx";
import { type DisclosedMessage, disclosuresOfBooking } from "../../../services/messages/disclosures.ts";
import { define, signInFirst } from "../../../utils.ts";
import { ServiceUnavailable } from "../../../domain/errors.ts";

interface Data {
  booking: { id: string; title: string };
  disclosures: DisclosedMessage[];
}

/**
 * What the parties of a booking chose to show the admins from their private
 * conversation, for settling a dispute: each message checked against its
 * sender's commitment and the server's countersignature when the page loads.
 * Admins and staff only; the conversation itself stays end-to-end encrypted.
 */
export const handler = define.handlers<Data>({
  async GET(ctx) {
    if (!ctx.state.actor) return signInFirst(ctx);
    if (!ctx.state.messages) throw new ServiceUnavailable("Messages are not available on this server");
    const data = await disclosuresOfBooking(ctx.state.messages, ctx.state.actor, ctx.params.id);
    ctx.state.title = `Disclosed messages: ${data.booking.title}`;
    return page(data);
  },
});

export default define.page<typeof handler>(function DisclosuresPage({ data }) {
  return (
    <section class="max-w-3xl mx-auto px-4 py-6 grid gap-5">
      <div>
        <p class="text-sm text-ink-500">
          <a href={`/bookings/${data.booking.id}`} class="underline">Back to the booking</a>
        </p>
        <h1 class="text-2xl font-bold mt-1">Disclosed messages: {data.booking.title}</h1>
        <p class="text-sm text-ink-700 mt-2">
          Private messages are end-to-end encrypted; these are the ones a party chose to show, with the key
          that proves each one. A message that does not verify may have been edited after it was sent.
        </p>
      </div>
      <DisclosedMessages disclosures={data.disclosures} />
    </section>
  );
});
