/** A band manager creates their band: the artist form's handler and page, for bands. */
import NewAct, { newActHandler } from "../artists/new.tsx";

export const handler = newActHandler("band");

export default NewAct;
