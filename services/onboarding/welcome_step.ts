/** The welcome e-mail's part of onboarding: the new account's first step, by its roles. */
import { firstStep } from "../../domain/onboarding.ts";
import type { RoleName } from "../../domain/roles.ts";
import type { WelcomeStep } from "../mail_templates.ts";

/** A new account's first step as the welcome e-mail carries it: links are absolute, read outside the site. */
export function welcomeStep(roles: readonly RoleName[], origin: string): WelcomeStep | undefined {
  const step = firstStep(roles);
  if (!step) return undefined;
  return {
    title: step.title,
    text: step.text,
    action: step.action,
    url: new URL(step.path, origin).href,
    alternative: step.alternative &&
      { label: step.alternative.label, url: new URL(step.alternative.path, origin).href },
  };
}
