/**
 * Opens an application's private conversation: a plain form to /messages,
 * which makes the conversation on first use and goes to it.
 */
export function MessageButton({ applicationId }: { applicationId: string }) {
  return (
    <form method="post" action="/messages">
      <input type="hidden" name="applicationId" value={applicationId} />
      <button type="submit" class="text-sm underline text-ink-700" data-testid="message-button">
        Message privately
      </button>
    </form>
  );
}
