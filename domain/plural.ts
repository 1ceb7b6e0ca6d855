/**
 * Counts in words: "1 year", "12 years", "1,200 people". English needs only
 * one and other, so the plural is given (or an -s is added) rather than
 * looked up; the number is grouped the Indian way.
 */
const rules = new Intl.PluralRules("en-IN");
const grouped = new Intl.NumberFormat("en-IN", { maximumFractionDigits: 2 });

export function countOf(n: number, singular: string, plural = `${singular}s`): string {
  return `${grouped.format(n)} ${rules.select(n) === "one" ? singular : plural}`;
}
