import type { Step } from "../domain/onboarding.ts";

/** The one thing a new person should do next (domain/onboarding.ts), at the top of their dashboard. */
export function NextStepCard({ step }: { step: Step | null }) {
  if (!step) return null;
  return (
    <section
      class="rounded-2xl border-2 border-saffron-500 bg-saffron-50 p-5 grid gap-2"
      aria-labelledby="next-step-title"
      data-testid="next-step"
      data-step={step.key}
    >
      <p class="text-xs font-semibold uppercase tracking-wide text-saffron-700">Your next step</p>
      <h2 id="next-step-title" class="text-lg font-bold">{step.title}</h2>
      <p class="text-sm text-ink-700">{step.text}</p>
      <p class="flex flex-wrap items-center gap-4 mt-1">
        <a href={step.path} class="rounded-lg bg-saffron-500 text-ink-900 font-semibold px-4 py-2">
          {step.action}
        </a>
        {step.alternative && (
          <a href={step.alternative.path} class="text-sm underline">{step.alternative.label}</a>
        )}
      </p>
    </section>
  );
}
