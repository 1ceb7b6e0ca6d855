/** A band's earnings: the artist earnings page's handler and page, for bands. */
import EarningsPage, { actEarningsHandler } from "../../artists/[slug]/earnings.tsx";

export const handler = actEarningsHandler("band");

export default EarningsPage;
