/**
 * What the calendar use cases share: who sees an act's calendar, the act
 * (locked, to serialize every change to its holds and blocks) and the day of
 * a date column.
 */
import { requireId } from "../validation.ts";
import type { Kysely } from "kysely";
import type { Act, Database } from "../../db/schema.ts";
import { type Actor, isStaffOrAdmin } from "../../domain/access.ts";
import { NotFound } from "../../domain/errors.ts";
import { isAcceptedMember } from "../../db/queries/act_side.ts";
import { findActById } from "../../db/queries/acts.ts";
import { canEdit } from "../../domain/catalog_access.ts";

/** Who may see the act's private calendar: its managers, staff and the band's accepted members. */
export async function seesActCalendar(db: Kysely<Database>, actor: Actor, act: Act): Promise<boolean> {
  return canEdit(actor, act) || isStaffOrAdmin(actor) || await isAcceptedMember(db, act.id, actor.userId);
}

/**
 * The act, locked FOR UPDATE when `lock`: holds and blocks of one act change
 * one transaction at a time, which is what makes hold ranks distinct.
 */
export async function loadAct(db: Kysely<Database>, actId: string, lock = false): Promise<Act> {
  const act = await findActById(db, requireId(actId, "Act"), lock);
  if (!act) throw new NotFound("Act not found");
  return act;
}

/** "YYYY-MM-DD" of a `date` column, which the drivers read as UTC midnight. */
export function dateText(value: Date | string): string {
  return typeof value === "string" ? value.slice(0, 10) : value.toISOString().slice(0, 10);
}
