/**
 * Money for people: integer minor units in, the visitor's format out. en-IN
 * groups lakhs and crores (₹1,50,000), which is what Indian users read.
 */
const formats = new Map<string, Intl.NumberFormat>();

export function formatMoney(minorUnits: number, currency: string, locale = "en-IN"): string {
  const key = `${locale}:${currency}`;
  let format = formats.get(key);
  if (!format) {
    format = new Intl.NumberFormat(locale, { style: "currency", currency, maximumFractionDigits: 0 });
    formats.set(key, format);
  }
  // Minor units are cents or paise: two decimals for every currency we take.
  return format.format(minorUnits / 100);
}
