/**
 * What a password must be (specification 5.1). Pure, so the registration
 * form's strength meter shows the same rules the server enforces. The check
 * against common passwords needs a large list and runs on the server only.
 */

export const PASSWORD_MIN_LENGTH = 8;
/** Long enough for any passphrase; short enough that hashing it costs nothing. */
export const PASSWORD_MAX_LENGTH = 256;

export interface PasswordRule {
  id: "length" | "upper" | "lower" | "digit";
  label: string;
  test(password: string): boolean;
}

export const PASSWORD_RULES: readonly PasswordRule[] = [
  {
    id: "length",
    label: `At least ${PASSWORD_MIN_LENGTH} characters`,
    test: (p) => [...p].length >= PASSWORD_MIN_LENGTH,
  },
  { id: "upper", label: "An uppercase letter", test: (p) => /\p{Lu}/u.test(p) },
  { id: "lower", label: "A lowercase letter", test: (p) => /\p{Ll}/u.test(p) },
  { id: "digit", label: "A number", test: (p) => /\p{Nd}/u.test(p) },
];

/** Messages for every rule the password breaks; empty when it is acceptable. */
export function passwordProblems(password: string): string[] {
  if ([...password].length > PASSWORD_MAX_LENGTH) {
    return [`At most ${PASSWORD_MAX_LENGTH} characters`];
  }
  return PASSWORD_RULES.filter((rule) => !rule.test(password)).map((rule) => rule.label);
}
