/** Lists of booking states as SQL, for the queries that are written as raw SQL. */
import { sql } from "kysely";
import { OCCUPYING_STATES } from "../../domain/booking_machine.ts";

/** `status in (${occupyingStates})`: the states in which a booking takes the act's time. */
export const occupyingStates = sql.join(OCCUPYING_STATES.map((s) => sql.lit(s)));
