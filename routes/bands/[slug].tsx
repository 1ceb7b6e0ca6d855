/** A band's public profile with its members: the artist page's handler and page, for bands. */
import ActProfilePage, { actProfileHandler } from "../artists/[slug].tsx";

export const handler = actProfileHandler("band");

export default ActProfilePage;
