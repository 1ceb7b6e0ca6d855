/**
 * An act's portfolio: audio and video links (YouTube, Spotify, SoundCloud
 * recognised, others kept as plain links), uploaded photos, and uploaded
 * documents such as technical riders, which are private.
 *
 * Only the act's owner (the artist, the band's manager) or an admin changes
 * it. Anyone sees the public items; private documents are listed, with a
 * short-lived signed URL, only for those domain/catalog_access.ts's
 * canReadPrivateDocuments allows.
 *
 * Uploads follow services/catalog/photos.ts: the type comes from the bytes,
 * the object is written before the row (storage cannot join the
 * transaction) and removed again if the transaction fails. Every upload gets
 * a fresh random key, so a public URL never changes meaning.
 */
import { z } from "zod";
import type { Kysely, Transaction } from "kysely";
import { withAuditContext } from "../../db/audit.ts";
import { findActOwner } from "../../db/queries/acts.ts";
import {
  deletePortfolioItem,
  findPortfolioItemIds,
  findPortfolioItems,
  findPrivateDocumentKey,
  insertPortfolioItem,
  portfolioSize,
  setPortfolioPositions,
} from "../../db/queries/portfolio.ts";
import type { Database, PortfolioItem } from "../../db/schema.ts";
import type { PortfolioKind } from "../../domain/catalog.ts";
import type { MediaProvider } from "../../domain/media_links.ts";
import { type Actor, requireActor } from "../../domain/access.ts";
import { canEdit, canReadPrivateDocuments, requireEditor } from "../../domain/catalog_access.ts";
import { Conflict, Forbidden, NotFound, ValidationError } from "../../domain/errors.ts";
import { parseMediaLink } from "../../domain/media_links.ts";
import { acceptUpload, type SniffedType } from "../../integrations/storage/sniff.ts";
import type { Storage } from "../../integrations/storage/storage.ts";
import type { RequestMeta } from "../deps.ts";
import { removeStoredFiles } from "../stored_files.ts";
import { idField, parseInput, plainString, requireId } from "../validation.ts";
import { PHOTO_MAX_BYTES, PHOTO_TYPES } from "./photos.ts";
import { acceptedMemberIds } from "../../db/queries/act_side.ts";

export const PORTFOLIO_MAX_ITEMS = 30;
export const DOCUMENT_TYPES = ["application/pdf"] as const;
/** The server's upload body limit (server/app.ts) is the photo limit; documents share it. */
export const DOCUMENT_MAX_BYTES = PHOTO_MAX_BYTES;
/** How long a private document's URL works. */
export const SIGNED_URL_SECONDS = 5 * 60;

const EXTENSIONS: Partial<Record<SniffedType, string>> = {
  "image/jpeg": "jpg",
  "image/png": "png",
  "image/webp": "webp",
  "image/avif": "avif",
  "application/pdf": "pdf",
};

const Title = plainString().min(1, "Give it a title").max(200);

export const AddLinkInput = z.object({
  title: Title,
  url: z.string().max(2000),
  /** Recognised providers know; a plain link needs to be told. */
  kind: z.enum(["audio", "video"]).optional(),
}).strict();

export const UploadInput = z.object({
  kind: z.enum(["photo", "document"]),
  title: Title,
}).strict();

export const ReorderInput = z.object({
  /** Every item of the portfolio, once each, in the new order. */
  itemIds: z.array(idField("Not an item id")).min(1).max(PORTFOLIO_MAX_ITEMS),
}).strict();

/** A portfolio item as clients see it. */
export interface PortfolioItemView {
  id: string;
  kind: PortfolioKind;
  title: string;
  /** Links: "youtube" | "spotify" | "soundcloud" | "link"; null for uploaded files. */
  provider: MediaProvider | null;
  /** Where to open it: the link, the public file, or a signed URL for a private document. */
  url: string;
  /** For recognised audio/video links: the privacy-friendly player to load on request. */
  embedUrl: string | null;
  contentType: string | null;
  byteSize: number | null;
  width: number | null;
  height: number | null;
  visibility: "public" | "private";
  position: number;
  createdAt: string;
  /** When a signed URL stops working; null for everything else. */
  urlExpiresAt: string | null;
}

export interface Portfolio {
  items: PortfolioItemView[];
  /** Whether the viewer may change it (pages show the edit controls). */
  canEdit: boolean;
}

/**
 * The portfolio as `actor` may see it. `storage` signs private documents'
 * URLs; without it their `url` is empty (pages link to the API's
 * `.../file` route, which signs at the moment of the click).
 */
export async function getPortfolio(
  db: Kysely<Database>,
  storage: Storage | null,
  actor: Actor | null,
  actId: string,
  now: Date = new Date(),
): Promise<Portfolio> {
  const act = await findActOwner(db, actId);
  if (!act) throw new NotFound("Act not found");
  const privateToo = canReadPrivateDocuments(actor, {
    ...act,
    acceptedMemberIds: await acceptedMemberIds(db, actId),
  });
  const rows = await findPortfolioItems(db, actId, !privateToo);
  const items = await Promise.all(rows.map((row) => itemView(row, storage, now)));
  return { items, canEdit: actor !== null && canEdit(actor, act) };
}

export async function addLink(
  db: Kysely<Database>,
  actor: Actor | null,
  actId: string,
  input: unknown,
  meta: RequestMeta,
): Promise<PortfolioItemView> {
  const data = parseInput(AddLinkInput, input);
  return await db.transaction().execute(async (trx) => {
    const position = await lockForChange(trx, actor, actId, meta);
    const link = parseMediaLink(data.url);
    const kind = data.kind ?? (link.provider === "link" ? undefined : link.kind);
    if (!kind) {
      throw new ValidationError("Invalid input data", [{
        field: "kind",
        message: "Say whether this link is audio or video",
      }]);
    }
    const row = await insertPortfolioItem(trx, {
      act_id: actId,
      kind,
      title: data.title,
      url: link.url,
      provider: link.provider,
      visibility: "public",
      position,
    });
    return await itemView(row, null, new Date());
  });
}

export async function uploadItem(
  db: Kysely<Database>,
  storage: Storage,
  actor: Actor | null,
  actId: string,
  input: unknown,
  bytes: Uint8Array,
  meta: RequestMeta,
): Promise<PortfolioItemView> {
  const data = parseInput(UploadInput, input);
  // Checked before the bytes are looked at or stored: strangers learn nothing and write nothing.
  const act = await findActOwner(db, actId);
  if (!act) throw new NotFound("Act not found");
  requireEditor(actor, act);

  const photo = data.kind === "photo";
  const file = acceptUpload(
    bytes,
    photo
      ? { allowed: PHOTO_TYPES, maxBytes: PHOTO_MAX_BYTES }
      : { allowed: DOCUMENT_TYPES, maxBytes: DOCUMENT_MAX_BYTES },
  );
  const visibility = photo ? "public" : "private";
  const key = `${visibility}/portfolio/${actId}/${crypto.randomUUID().replaceAll("-", "")}.${
    EXTENSIONS[file.type]
  }`;
  await storage.put(key, bytes, { contentType: file.type, visibility });
  try {
    const row = await db.transaction().execute(async (trx) => {
      const position = await lockForChange(trx, actor, actId, meta);
      return await insertPortfolioItem(trx, {
        act_id: actId,
        kind: data.kind,
        title: data.title,
        url: photo ? await storage.url(key) : null,
        storage_key: key,
        content_type: file.type,
        byte_size: bytes.byteLength,
        width: photo ? file.width ?? null : null,
        height: photo ? file.height ?? null : null,
        visibility,
        position,
      });
    });
    return await itemView(row, storage, new Date());
  } catch (err) {
    await removeStoredFiles(storage, [key]);
    throw err;
  }
}

/** Puts the items in the given order; the list must name every item once. */
export async function reorderPortfolio(
  db: Kysely<Database>,
  actor: Actor | null,
  actId: string,
  input: unknown,
  meta: RequestMeta,
): Promise<PortfolioItemView[]> {
  const { itemIds } = parseInput(ReorderInput, input);
  return await db.transaction().execute(async (trx) => {
    await lockForChange(trx, actor, actId, meta);
    const known = new Set(await findPortfolioItemIds(trx, actId));
    if (new Set(itemIds).size !== itemIds.length || itemIds.length !== known.size) {
      throw new ValidationError("Invalid input data", [{
        field: "itemIds",
        message: `List each of the ${known.size} items exactly once`,
      }]);
    }
    const stranger = itemIds.find((id) => !known.has(id));
    if (stranger) {
      throw new ValidationError("Invalid input data", [{
        field: "itemIds",
        message: `Not an item of this portfolio: ${stranger}`,
      }]);
    }
    await setPortfolioPositions(trx, itemIds);
    const rows = await findPortfolioItems(trx, actId, false);
    return await Promise.all(rows.map((row) => itemView(row, null, new Date())));
  });
}

/** Removes an item; its file, if any, is deleted from storage once the row is gone. */
export async function removeItem(
  db: Kysely<Database>,
  storage: Storage | null,
  actor: Actor | null,
  actId: string,
  itemId: string,
  meta: RequestMeta,
): Promise<void> {
  const id = requireId(itemId, "Portfolio item");
  const removed = await db.transaction().execute(async (trx) => {
    await lockForChange(trx, actor, actId, meta);
    const row = await deletePortfolioItem(trx, actId, id);
    if (!row) throw new NotFound("No such item in this portfolio");
    return row;
  });
  // Without storage the object stays behind: harmless, and cheaper than failing the removal.
  if (removed.storage_key) await removeStoredFiles(storage, [removed.storage_key]);
}

/** A fresh signed URL for a private document, for those allowed to read it. */
export async function privateDocumentUrl(
  db: Kysely<Database>,
  storage: Storage,
  actor: Actor | null,
  actId: string,
  itemId: string,
): Promise<string> {
  const act = await findActOwner(db, actId);
  if (!act) throw new NotFound("Act not found");
  const a = requireActor(actor);
  const allowed = canReadPrivateDocuments(a, {
    ...act,
    acceptedMemberIds: await acceptedMemberIds(db, actId),
  });
  if (!allowed) throw new Forbidden("Only the act, its members, admins and staff can read its documents");
  const key = await findPrivateDocumentKey(db, actId, itemId);
  if (!key) throw new NotFound("No such document in this portfolio");
  return await storage.url(key, { expiresInSeconds: SIGNED_URL_SECONDS });
}

/**
 * Locks the act (so concurrent changes to one portfolio queue up), checks the
 * actor may edit it, sets the audit context, and returns the next position.
 */
async function lockForChange(
  trx: Transaction<Database>,
  actor: Actor | null,
  actId: string,
  meta: RequestMeta,
): Promise<number> {
  const act = await findActOwner(trx, actId, true);
  if (!act) throw new NotFound("Act not found");
  const a = requireEditor(actor, act);
  await withAuditContext(trx, { ...meta, actorId: a.userId });
  const { count, nextPosition } = await portfolioSize(trx, actId);
  if (count >= PORTFOLIO_MAX_ITEMS) {
    throw new Conflict(`A portfolio holds at most ${PORTFOLIO_MAX_ITEMS} items; remove one first`);
  }
  return nextPosition;
}

async function itemView(row: PortfolioItem, storage: Storage | null, now: Date): Promise<PortfolioItemView> {
  let url = row.url;
  let urlExpiresAt: string | null = null;
  if (row.visibility === "private" && row.storage_key && storage) {
    url = await storage.url(row.storage_key, { expiresInSeconds: SIGNED_URL_SECONDS });
    urlExpiresAt = new Date(now.getTime() + SIGNED_URL_SECONDS * 1000).toISOString();
  }
  const link = row.provider && row.provider !== "link" && row.url ? parseMediaLink(row.url) : null;
  return {
    id: row.id,
    kind: row.kind,
    title: row.title,
    provider: row.provider,
    url: url ?? "",
    embedUrl: link && link.provider !== "link" ? link.embedUrl : null,
    contentType: row.content_type,
    byteSize: row.byte_size,
    width: row.width,
    height: row.height,
    visibility: row.visibility,
    position: row.position,
    createdAt: new Date(row.created_at).toISOString(),
    urlExpiresAt,
  };
}
