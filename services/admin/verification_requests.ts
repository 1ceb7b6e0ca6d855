/**
 * Asking to be verified (domain/verification.ts), and reading requests.
 *
 * Only the subject's owner asks and adds documents; the owner, staff and
 * admins read the requests and open their documents; to anyone else a
 * request does not exist. Documents are checked by their bytes (PDF, JPEG,
 * PNG), stored privately before their rows are written (storage cannot join
 * the transaction) and removed again if the transaction fails, as portfolio
 * uploads are; they are read back only through `openVerificationDocument`.
 */
import { z } from "zod";
import type { Kysely } from "kysely";
import { withAuditContext } from "../../db/audit.ts";
import {
  countDocuments,
  findDocument,
  findRequest,
  findSubject,
  hasPendingRequest,
  insertDocument,
  insertRequest,
  lockRequest,
  pendingRequests,
  type RequestRow,
  requestsOfSubject,
  type SubjectRow,
} from "../../db/queries/verification_requests.ts";
import type { Database, VerificationDocument } from "../../db/schema.ts";
import { type Actor, isStaffOrAdmin, requireActor, requireStaffOrAdmin } from "../../domain/access.ts";
import { Conflict, Forbidden, NotFound, ServiceUnavailable, ValidationError } from "../../domain/errors.ts";
import { withHttps } from "../../domain/social_links.ts";
import {
  MAX_DOCUMENTS,
  MAX_LINKS,
  NOTE_MAX,
  refuseDecided,
  refuseToAsk,
  type VerificationSubject,
} from "../../domain/verification.ts";
import { acceptUpload, type SniffedType } from "../../integrations/storage/sniff.ts";
import type { Storage } from "../../integrations/storage/storage.ts";
import { PHOTO_MAX_BYTES } from "../catalog/photos.ts";
import type { RequestMeta } from "../deps.ts";
import type { WorkflowDeps } from "../notifications.ts";
import { removeStoredFiles } from "../stored_files.ts";
import { nulFree, parseInput, plainString, requireId } from "../validation.ts";
import { requestViews, type VerificationRequestView } from "./verification_views.ts";

export const DOCUMENT_TYPES = ["application/pdf", "image/jpeg", "image/png"] as const;
/** The server's upload body limit (server/app.ts) allows MAX_DOCUMENTS of these in one form. */
export const DOCUMENT_MAX_BYTES = PHOTO_MAX_BYTES;
/** How many waiting requests the staff's queue shows at once. */
const QUEUE_LIMIT = 100;

const EXTENSIONS: Record<typeof DOCUMENT_TYPES[number], string> = {
  "application/pdf": "pdf",
  "image/jpeg": "jpg",
  "image/png": "png",
};

/** A link as people paste it ("instagram.com/kavya", "http://…"), kept as an https:// address. */
const Link = z.string().max(500).transform((typed) => withHttps(typed))
  .pipe(
    nulFree(z.url({ protocol: /^https$/, message: "An https:// address, like https://instagram.com/you" })),
  );

export const RequestInput = z.object({
  links: z.array(Link).min(1, "Give at least one link: your official site or a social profile").max(
    MAX_LINKS,
    `At most ${MAX_LINKS} links`,
  ),
  note: plainString().max(NOTE_MAX).optional().transform((note) => note || null),
}).strict();

/** A file as uploaded: its bytes, and the name it had on the owner's device (shown, never used as a path). */
export interface Upload {
  name: string;
  bytes: Uint8Array;
}

/** A subject's verification as its owner or staff see it. */
export interface SubjectVerification {
  subject: { type: VerificationSubject["type"]; id: string; name: string; verified: boolean };
  /** Newest first: the waiting one, or the decisions so far. */
  requests: VerificationRequestView[];
  /** Whether the owner may ask now (not verified, nothing waiting). */
  canAsk: boolean;
  /** Whether the viewer is the owner (staff only look). */
  isOwner: boolean;
}

export async function subjectVerification(
  db: Kysely<Database>,
  actor: Actor | null,
  subject: VerificationSubject,
): Promise<SubjectVerification> {
  const a = requireActor(actor);
  const row = await subjectOrNotFound(db, subject);
  const isOwner = a.userId === row.owner_id;
  if (!isOwner && !isStaffOrAdmin(a)) throw new Forbidden("Only the owner, admins and staff see this");
  const requests = await requestViews(db, await requestsOfSubject(db, { type: subject.type, id: row.id }));
  return {
    subject: { type: subject.type, id: row.id, name: row.name, verified: row.is_verified },
    requests,
    canAsk: isOwner && !row.is_verified && requests.every((r) => r.status !== "pending"),
    isOwner,
  };
}

/** The owner asks: links, an optional note, and up to MAX_DOCUMENTS documents. */
export async function requestVerification(
  deps: WorkflowDeps,
  storage: Storage | null,
  actor: Actor | null,
  given: VerificationSubject,
  input: unknown,
  uploads: Upload[],
  meta: RequestMeta,
): Promise<VerificationRequestView> {
  const a = requireActor(actor);
  const row = await subjectOrNotFound(deps.db, given);
  requireOwner(a, row);
  const subject = { type: given.type, id: row.id };
  const data = parseInput(RequestInput, input);
  if (uploads.length > MAX_DOCUMENTS) {
    throw documentIssue(`At most ${MAX_DOCUMENTS} documents with one request`);
  }
  const files = uploads.map(checkDocument);
  // Asked before anything is stored, and again under the lock below.
  refuseToAsk({ verified: row.is_verified, pending: await hasPendingRequest(deps.db, subject) });
  const requestId = crypto.randomUUID();
  const stored = files.length === 0 ? [] : await storeAll(needStorage(storage), requestId, files);
  try {
    await deps.db.transaction().execute(async (trx) => {
      const locked = await subjectOrNotFound(trx, subject, true);
      refuseToAsk({ verified: locked.is_verified, pending: await hasPendingRequest(trx, subject) });
      await withAuditContext(trx, { ...meta, actorId: a.userId });
      await insertRequest(trx, {
        id: requestId,
        act_id: subject.type === "act" ? subject.id : null,
        venue_id: subject.type === "venue" ? subject.id : null,
        requested_by: a.userId,
        links: [...new Set(data.links)],
        note: data.note,
      });
      for (const document of stored) await insertDocument(trx, { request_id: requestId, ...document });
    });
  } catch (err) {
    await removeStoredFiles(storage, stored.map((d) => d.storage_key));
    throw err;
  }
  return await requestView(deps.db, requestId);
}

/** The owner adds a document to their waiting request. */
export async function addVerificationDocument(
  deps: WorkflowDeps,
  storage: Storage | null,
  actor: Actor | null,
  requestId: string,
  upload: Upload,
  meta: RequestMeta,
): Promise<VerificationRequestView> {
  const a = requireActor(actor);
  const request = await readableRequest(deps.db, a, requestId);
  if (request.owner_id !== a.userId) throw new Forbidden("Only the owner adds documents to a request");
  refuseDecided(request.status);
  const file = checkDocument(upload);
  const [document] = await storeAll(needStorage(storage), request.id, [file]);
  try {
    await deps.db.transaction().execute(async (trx) => {
      const locked = await lockRequest(trx, request.id);
      refuseDecided(locked!.status);
      if (await countDocuments(trx, request.id) >= MAX_DOCUMENTS) {
        throw new Conflict(`A request holds at most ${MAX_DOCUMENTS} documents`);
      }
      await withAuditContext(trx, { ...meta, actorId: a.userId });
      await insertDocument(trx, { request_id: request.id, ...document });
    });
  } catch (err) {
    await removeStoredFiles(storage, [document.storage_key]);
    throw err;
  }
  return await requestView(deps.db, request.id);
}

export async function getVerificationRequest(
  db: Kysely<Database>,
  actor: Actor | null,
  requestId: string,
): Promise<VerificationRequestView> {
  const row = await readableRequest(db, requireActor(actor), requestId);
  return (await requestViews(db, [row]))[0];
}

/** The staff's queue: every request waiting, oldest first. */
export async function verificationQueue(
  db: Kysely<Database>,
  actor: Actor | null,
): Promise<VerificationRequestView[]> {
  requireStaffOrAdmin(actor);
  return await requestViews(db, await pendingRequests(db, QUEUE_LIMIT));
}

export interface OpenedDocument {
  bytes: Uint8Array;
  contentType: VerificationDocument["content_type"];
  /** A name for the download made of the document's id, so nothing the uploader typed reaches a header. */
  downloadName: string;
}

/** A document's bytes, for the owner, staff and admins only. */
export async function openVerificationDocument(
  db: Kysely<Database>,
  storage: Storage | null,
  actor: Actor | null,
  requestId: string,
  documentId: string,
): Promise<OpenedDocument> {
  const request = await readableRequest(db, requireActor(actor), requestId);
  const document = await findDocument(db, request.id, requireId(documentId, "Document"));
  if (!document) throw new NotFound("Document not found");
  const object = await needStorage(storage).get(document.storage_key);
  if (!object) throw new NotFound("Document not found");
  return {
    bytes: object.bytes,
    contentType: document.content_type,
    downloadName: `verification-${document.id}.${EXTENSIONS[document.content_type]}`,
  };
}

/** The request, for its subject's owner, staff and admins; NotFound for anyone else. */
async function readableRequest(db: Kysely<Database>, actor: Actor, requestId: string): Promise<RequestRow> {
  const row = await findRequest(db, requireId(requestId, "Verification request"));
  if (!row || (row.owner_id !== actor.userId && !isStaffOrAdmin(actor))) {
    throw new NotFound("Verification request not found");
  }
  return row;
}

async function requestView(db: Kysely<Database>, id: string): Promise<VerificationRequestView> {
  return (await requestViews(db, [(await findRequest(db, id))!]))[0];
}

async function subjectOrNotFound(
  db: Kysely<Database>,
  subject: VerificationSubject,
  lock = false,
): Promise<SubjectRow> {
  const id = requireId(subject.id, subject.type === "act" ? "Act" : "Venue");
  const row = await findSubject(db, { ...subject, id }, lock);
  if (!row) throw new NotFound(subject.type === "act" ? "Act not found" : "Venue not found");
  return row;
}

function requireOwner(actor: Actor, subject: SubjectRow): void {
  if (actor.userId !== subject.owner_id) {
    throw new Forbidden(
      `Only the ${subject.kind === "venue" ? "venue's" : "act's"} owner can ask to verify it`,
    );
  }
}

function needStorage(storage: Storage | null): Storage {
  if (!storage) throw new ServiceUnavailable("Uploads are not available on this server right now");
  return storage;
}

function documentIssue(message: string): ValidationError {
  return new ValidationError(message, [{ field: "documents", message }]);
}

interface CheckedDocument {
  type: typeof DOCUMENT_TYPES[number];
  name: string;
  bytes: Uint8Array;
}

/** PDF, JPEG or PNG by its bytes, within the size limit; refused on the field "documents". */
function checkDocument(upload: Upload): CheckedDocument {
  try {
    const { type } = acceptUpload(upload.bytes, { allowed: DOCUMENT_TYPES, maxBytes: DOCUMENT_MAX_BYTES });
    return { type: type as CheckedDocument["type"], name: cleanName(upload.name, type), bytes: upload.bytes };
  } catch (err) {
    if (err instanceof ValidationError) throw documentIssue(err.message);
    throw err;
  }
}

/** The device's file name, kept to plain characters; the document's type when it had none. */
function cleanName(name: string, type: SniffedType): string {
  const plain = name.normalize("NFKC").replace(/[^\p{L}\p{N} ._()-]+/gu, "").trim().slice(0, 120);
  return plain || `document.${EXTENSIONS[type as CheckedDocument["type"]]}`;
}

async function storeAll(storage: Storage, requestId: string, files: CheckedDocument[]) {
  const stored: Omit<VerificationDocument, "id" | "request_id" | "created_at">[] = [];
  try {
    for (const file of files) {
      const key = `private/verification/${requestId}/${crypto.randomUUID().replaceAll("-", "")}.${
        EXTENSIONS[file.type]
      }`;
      await storage.put(key, file.bytes, { contentType: file.type, visibility: "private" });
      stored.push({
        storage_key: key,
        file_name: file.name,
        content_type: file.type,
        byte_size: file.bytes.byteLength,
      });
    }
  } catch (err) {
    await removeStoredFiles(storage, stored.map((d) => d.storage_key));
    throw err;
  }
  return stored;
}
