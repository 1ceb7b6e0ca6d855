/**
 * The names of the GST state codes, which a tax invoice prints beside the
 * code for the place of supply and an unregistered recipient's state (CGST
 * Rules 2017, rule 46(e), (f), (n)).
 *
 * Source: the GST state code list of the GST Network, the codes that begin
 * every GSTIN and name a place of supply on the GST portal. Codes 01–35
 * follow the Census 2011 state codes; 36 (Telangana) and 37 (Andhra Pradesh)
 * came with the state's division in 2014, 38 with Ladakh's becoming a union
 * territory in 2019, and 97 stands for other territory (what is India's for
 * GST but in no state or union territory). Two codes are no longer given and
 * are named as what they were: 25, Daman and Diu, merged into 26 on 26
 * January 2020, and 28, Andhra Pradesh before its division. 99 (the Centre's
 * own jurisdiction) names no place a supply can be in, so it has no entry.
 *
 * Within a union territory without a legislature the Centre's half-share is
 * UTGST instead of SGST (Union Territory Goods and Services Tax Act 2017,
 * s.7): those are the territories CGST Act 2017, s.2(114) lists, the Andaman
 * and Nicobar Islands, Lakshadweep, Dadra and Nagar Haveli and Daman and Diu,
 * Ladakh, Chandigarh and other territory. Delhi, Puducherry and Jammu and
 * Kashmir have legislatures and their own SGST.
 */

const NAMES: Readonly<Record<string, string>> = {
  "01": "Jammu and Kashmir",
  "02": "Himachal Pradesh",
  "03": "Punjab",
  "04": "Chandigarh",
  "05": "Uttarakhand",
  "06": "Haryana",
  "07": "Delhi",
  "08": "Rajasthan",
  "09": "Uttar Pradesh",
  "10": "Bihar",
  "11": "Sikkim",
  "12": "Arunachal Pradesh",
  "13": "Nagaland",
  "14": "Manipur",
  "15": "Mizoram",
  "16": "Tripura",
  "17": "Meghalaya",
  "18": "Assam",
  "19": "West Bengal",
  "20": "Jharkhand",
  "21": "Odisha",
  "22": "Chhattisgarh",
  "23": "Madhya Pradesh",
  "24": "Gujarat",
  "25": "Daman and Diu (before 26 January 2020)",
  "26": "Dadra and Nagar Haveli and Daman and Diu",
  "27": "Maharashtra",
  "28": "Andhra Pradesh (before division)",
  "29": "Karnataka",
  "30": "Goa",
  "31": "Lakshadweep",
  "32": "Kerala",
  "33": "Tamil Nadu",
  "34": "Puducherry",
  "35": "Andaman and Nicobar Islands",
  "36": "Telangana",
  "37": "Andhra Pradesh",
  "38": "Ladakh",
  "97": "Other Territory",
};

/** The state or territory of a GST state code ("27" is Maharashtra), or null for a code that names none. */
export function gstStateName(code: string): string | null {
  return Object.hasOwn(NAMES, code) ? NAMES[code] : null;
}

/** Codes of the union territories of CGST Act s.2(114), where UTGST takes SGST's place (25 was one too). */
const UTGST_CODES: ReadonlySet<string> = new Set(["04", "25", "26", "31", "35", "38", "97"]);

/** Whether a supply within this state code's territory is taxed CGST and UTGST, rather than CGST and SGST. */
export function leviesUtgst(code: string): boolean {
  return UTGST_CODES.has(code);
}

const normalName = (name: string) =>
  name.normalize("NFKD").toLowerCase().replace(/&/g, "and").replace(/[^a-z]+/g, " ").trim();

const CODE_OF_NAME: ReadonlyMap<string, string> = new Map(
  Object.entries(NAMES).map(([code, name]) => [normalName(name), code]),
);

/**
 * The GST state code of a state or territory named as the places directory
 * names it ("Maharashtra", "Jammu & Kashmir"), or null when no current code
 * has that name.
 */
export function gstStateCodeOf(name: string): string | null {
  return CODE_OF_NAME.get(normalName(name)) ?? null;
}

/** The states and territories an address can be in today, by name (the historical codes 25 and 28 left out). */
export function currentGstStates(): { code: string; name: string }[] {
  return Object.entries(NAMES)
    .filter(([code]) => code !== "25" && code !== "28")
    .map(([code, name]) => ({ code, name }))
    .sort((a, b) => a.name.localeCompare(b.name, "en-IN"));
}
