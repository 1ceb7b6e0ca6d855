/**
 * Money for people: integer minor units in, the visitor's format out. en-IN
 * groups lakhs and crores (₹1,50,000), which is what Indian users read.
 */
const formats = new Map<string, Intl.NumberFormat>();

function formatFor(locale: string, currency: string, fractionDigits: 0 | 2): Intl.NumberFormat {
  const key = `${locale}:${currency}:${fractionDigits}`;
  let format = formats.get(key);
  if (!format) {
    format = new Intl.NumberFormat(locale, {
      style: "currency",
      currency,
      minimumFractionDigits: fractionDigits,
      maximumFractionDigits: fractionDigits,
    });
    formats.set(key, format);
  }
  return format;
}

export function formatMoney(minorUnits: number, currency: string, locale = "en-IN"): string {
  // Minor units are cents or paise: two decimals for every currency we take.
  return formatFor(locale, currency, 0).format(minorUnits / 100);
}

/**
 * Money as an agreement states it: like `formatMoney` for whole rupees, with
 * the paise when there are any (₹37,500.25), since a share of a fee need not
 * be whole and a contract must not round what it binds.
 */
export function formatMoneyExact(minorUnits: number, currency: string, locale = "en-IN"): string {
  return formatFor(locale, currency, minorUnits % 100 === 0 ? 0 : 2).format(minorUnits / 100);
}

/**
 * Money as a tax invoice states it: always with the paise (₹1,00,000.00,
 * ₹18,000.02), so every figure is exact and a column of them lines up.
 */
export function formatMoneyWithPaise(minorUnits: number, currency: string, locale = "en-IN"): string {
  return formatFor(locale, currency, 2).format(minorUnits / 100);
}
