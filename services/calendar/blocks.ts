/**
 * An act's blocks: times its owner marks unavailable (a holiday, another
 * commitment). Search's "available on" filter and the public availability
 * honour them. A block may not cover a gig the act has already agreed to:
 * that is a cancellation, not a block.
 */
import { z } from "zod";
import type { Kysely } from "kysely";
import { recordAudit, withAuditContext } from "../../db/audit.ts";
import type { Database } from "../../db/schema.ts";
import { type ActBlock, blocksOfAct, deleteBlock, insertBlock } from "../../db/queries/act_blocks.ts";
import { occupyingBookingBetween } from "../../db/queries/act_availability.ts";
import { type Actor, requireActor } from "../../domain/access.ts";
import { Conflict, Forbidden, NotFound, ValidationError } from "../../domain/errors.ts";
import type { RequestMeta } from "../deps.ts";
import { parseInput, plainString, requireId } from "../validation.ts";
import { loadAct, seesActCalendar } from "./shared.ts";
import { canEdit } from "../../domain/catalog_access.ts";

/** A block longer than this is more likely a typo than a sabbatical. */
export const MAX_BLOCK_DAYS = 366;

const Instant = z.iso.datetime({ offset: true, message: "A date and time like 2026-12-05T18:00:00+05:30" });

export const AddBlockInput = z.object({
  startsAt: Instant,
  endsAt: Instant,
  reason: plainString().max(200).nullish(),
}).strict();

export const ListBlocksInput = z.object({
  from: Instant.optional(),
  to: Instant.optional(),
}).strict();

export interface BlockView {
  id: string;
  actId: string;
  startsAt: string;
  endsAt: string;
  reason: string | null;
  createdAt: string;
}

/** The act's blocks ending after `from` (and starting before `to`); for its owner, members, admins and staff. */
export async function listBlocks(
  db: Kysely<Database>,
  actor: Actor | null,
  actId: string,
  input: unknown = {},
): Promise<BlockView[]> {
  const a = requireActor(actor);
  const range = parseInput(ListBlocksInput, input);
  const act = await loadAct(db, actId);
  if (!await seesActCalendar(db, a, act)) {
    throw new Forbidden("Only the act's owner, its members, admins and staff can see its blocks");
  }
  const blocks = await blocksOfAct(db, act.id, {
    from: range.from ? new Date(range.from) : undefined,
    to: range.to ? new Date(range.to) : undefined,
  });
  return blocks.map(blockView);
}

export async function addBlock(
  db: Kysely<Database>,
  actor: Actor | null,
  actId: string,
  input: unknown,
  meta: RequestMeta,
): Promise<BlockView> {
  const a = requireActor(actor);
  const data = parseInput(AddBlockInput, input);
  const startsAt = new Date(data.startsAt);
  const endsAt = new Date(data.endsAt);
  if (endsAt <= startsAt) {
    throw new ValidationError("Invalid input data", [{ field: "endsAt", message: "Must be after startsAt" }]);
  }
  if (endsAt.getTime() - startsAt.getTime() > MAX_BLOCK_DAYS * 86_400_000) {
    throw new ValidationError("Invalid input data", [{
      field: "endsAt",
      message: `At most ${MAX_BLOCK_DAYS} days after startsAt`,
    }]);
  }
  return await db.transaction().execute(async (trx) => {
    const act = await loadAct(trx, actId, true);
    if (!canEdit(a, act)) throw new Forbidden("Only the act's owner or an admin can block dates");
    const booked = await occupyingBookingBetween(trx, act.id, startsAt, endsAt);
    if (booked) {
      throw new Conflict(`This overlaps a confirmed booking: ${booked.title}`, [{
        field: "startsAt",
        message: "Overlaps a confirmed booking",
      }]);
    }
    await withAuditContext(trx, { ...meta, actorId: a.userId });
    const block = await insertBlock(trx, {
      actId: act.id,
      startsAt,
      endsAt,
      reason: data.reason || null,
    });
    // act_blocks has no row trigger, so the change is logged as an event.
    await recordAudit(trx, {
      ...meta,
      actorId: a.userId,
      action: "act.block_added",
      entityType: "act",
      entityId: act.id,
      diff: { blockId: block.id, startsAt: startsAt.toISOString(), endsAt: endsAt.toISOString() },
    });
    return blockView(block);
  });
}

export async function removeBlock(
  db: Kysely<Database>,
  actor: Actor | null,
  actId: string,
  rawBlockId: string,
  meta: RequestMeta,
): Promise<void> {
  const a = requireActor(actor);
  const blockId = requireId(rawBlockId, "Block");
  await db.transaction().execute(async (trx) => {
    const act = await loadAct(trx, actId, true);
    if (!canEdit(a, act)) throw new Forbidden("Only the act's owner or an admin can remove a block");
    const removed = await deleteBlock(trx, act.id, blockId);
    if (!removed) throw new NotFound("Block not found");
    await recordAudit(trx, {
      ...meta,
      actorId: a.userId,
      action: "act.block_removed",
      entityType: "act",
      entityId: act.id,
      diff: { blockId, startsAt: removed.starts_at.toISOString(), endsAt: removed.ends_at.toISOString() },
    });
  });
}

export function blockView(b: ActBlock): BlockView {
  return {
    id: b.id,
    actId: b.act_id,
    startsAt: new Date(b.starts_at).toISOString(),
    endsAt: new Date(b.ends_at).toISOString(),
    reason: b.reason,
    createdAt: new Date(b.created_at).toISOString(),
  };
}
