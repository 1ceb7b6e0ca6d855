/**
 * Every place a client can put a value, found from the app itself: the page
 * routes of the manifest (with the forms and query links each page renders
 * for the caller) and the operations of the OpenAPI document (with their
 * path and query parameters and the fields of their JSON bodies). The fuzz
 * tests throw hostile values into each place, so a new route, form field or
 * operation is covered without editing them.
 */
import { DOMParser } from "linkedom";
import manifest from "../../fresh.gen.ts";
import { buildRouteTable } from "../../lib/fresh/route_table.ts";
import { DEMO_PASSWORD } from "../../server/demo_seed.ts";

/** One request, as the fuzz sends it. */
export interface Probe {
  method: string;
  /** Path and query, already percent-encoded. */
  url: string;
  /** An HTML form post (urlencoded), or a JSON body. */
  form?: Record<string, string>;
  json?: unknown;
  /** A bearer token, or none for an anonymous caller. */
  token?: string;
}

/** Sends a probe to the app under test (in-process or over a socket). */
export type Send = (probe: Probe) => Promise<Response>;

/** The fetch options of a probe: its method, body and bearer token, plus `headers`. */
export function requestInit(probe: Probe, headers: Record<string, string>): RequestInit {
  const all = { ...headers };
  if (probe.token) all.Authorization = `Bearer ${probe.token}`;
  let body: BodyInit | undefined;
  if (probe.form) body = new URLSearchParams(probe.form);
  else if (probe.json !== undefined) {
    all["Content-Type"] = "application/json";
    body = JSON.stringify(probe.json);
  }
  return { method: probe.method, headers: all, body, redirect: "manual" };
}

/** Runs `fn` over `items` with at most `size` in flight. */
export async function pooled<T>(items: T[], size: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await fn(items[next++]);
  };
  await Promise.all(Array.from({ length: size }, worker));
}

export interface PageForm {
  method: "GET" | "POST";
  /** The path the form submits to (no query; GET forms put their fields there). */
  action: string;
  /** The values the page rendered, with the pressed button's name and value. */
  fields: Record<string, string>;
}

export interface PageTarget {
  pattern: string;
  /** The route with real values for its parameters. */
  path: string;
  methods: string[];
  forms: PageForm[];
  /** Query names the page's links and GET forms use, plus those it reads from the URL. */
  queryNames: string[];
}

export interface OperationTarget {
  method: string;
  /** The OpenAPI path, e.g. /bookings/{id}. */
  template: string;
  pathParams: Record<string, string>;
  queryNames: string[];
  /** A plausible JSON body to mutate one field at a time, or undefined for none. */
  body?: Record<string, unknown>;
  /** Operations that take raw bytes (uploads) are probed through their path and query only. */
  rawBody: boolean;
}

/** Real ids and slugs from the demo data, for routes that need them to reach their handlers. */
export interface Examples {
  actId: string;
  actSlug: string;
  bandId: string;
  bandSlug: string;
  venueId: string;
  venueSlug: string;
  bookingId: string;
  /** A demo booking's contract (the demo's confirmed shows have one). */
  contractId: string;
  opportunityId: string;
  applicationId: string;
  userId: string;
  /** A sandbox checkout of a demo booking's payment, or an unknown one when none is due. */
  sandboxCheckout: string;
  /** That payment, or an unknown id. */
  paymentId: string;
  /** The demo booking's private conversation (opened for the probe if the seed made none). */
  conversationId: string;
  /** A LiveKit call in that conversation, or an unknown id when LiveKit is not configured. */
  callId: string;
  /** A public review of an act of the demo's history. */
  reviewId: string;
  /** One of the organizer's passkeys, or an unknown id (the demo makes none: they need a device). */
  passkeyId: string;
  /** The demo organizer's public page slug. */
  organizerSlug: string;
  /** A verification request waiting (Asha asks again), or an unknown id when the demo has no Asha Rao. */
  verificationRequestId: string;
}

export async function signInAs(send: Send, who: string): Promise<string> {
  const res = await send({
    method: "POST",
    url: "/api/v1/auth/login",
    json: { identifier: `${who}@demo.artistspace.in`, password: DEMO_PASSWORD },
  });
  const body = await res.json();
  if (res.status !== 200) throw new Error(`${who} cannot sign in: ${JSON.stringify(body)}`);
  return body.data.accessToken;
}

/** A public review from the catalogue's history (db/seed_history.ts): most acts with shows behind them have one. */
async function reviewOf(get: (url: string) => Promise<any>, acts: { id: string }[]): Promise<string> {
  for (const act of acts) {
    const [review] = (await get(`/artists/${act.id}/reviews`)).reviews;
    if (review) return review.id;
  }
  throw new Error("No act of the demo has a review: the demo history should have written some");
}

/** Ids and slugs from the demo data, found through the API as the demo organizer sees it. */
export async function findExamples(send: Send, organizer: string): Promise<Examples> {
  const get = async (url: string) => {
    const res = await send({ method: "GET", url: `/api/v1${url}`, token: organizer });
    if (res.status !== 200) throw new Error(`GET ${url}: ${res.status}`);
    return (await res.json()).data;
  };
  const [booking] = await get("/bookings?limit=1");
  const contracted: { id: string }[] = await get("/bookings?limit=50&status=confirmed");
  const contractId =
    (await Promise.all(contracted.map(async (b) => (await get(`/bookings/${b.id}`)).booking)))
      .find((b) => b.contract)?.contract.id;
  if (!contractId) throw new Error("No demo booking with a contract: the demo seed should make one");
  const { opportunities: [opportunity] } = await get("/me/opportunities");
  const [application] = await get(`/applications?opportunityId=${opportunity.id}`);
  const acts: { id: string; slug: string; kind: string }[] = await get("/search/artists?limit=100");
  const band = acts.find((a) => a.kind === "band")!;
  const [venue] = await get("/search/venues?limit=1");
  const { user } = await get("/auth/me");
  return {
    actId: booking.act.id,
    actSlug: booking.act.slug,
    bandId: band.id,
    bandSlug: band.slug,
    venueId: venue.id,
    venueSlug: venue.slug,
    bookingId: booking.id,
    contractId,
    opportunityId: opportunity.id,
    applicationId: application.id,
    userId: user.id,
    reviewId: await reviewOf(get, acts),
    passkeyId: (await get("/auth/passkeys"))[0]?.id ?? crypto.randomUUID(),
    organizerSlug: await organizerSlugOf(get),
    ...(await conversationAndCallOf(send, organizer, booking.id)),
    verificationRequestId: await verificationRequestOf(send),
    ...(await sandboxCheckoutOf(send, organizer, contracted.map((b) => b.id))),
  };
}

/** The slug of the signed-in organizer's public page, from their own trust scores. */
async function organizerSlugOf(get: (url: string) => Promise<{ scores: TrustScore[] }>): Promise<string> {
  const { scores } = await get("/trust/me");
  const path = scores.find((s) => s.subject.type === "organizer")?.subject.publicPath;
  if (!path) {
    throw new Error("The demo organizer has no public page: the demo seed should give them bookings");
  }
  return path.split("/").at(-1)!;
}

interface TrustScore {
  subject: { type: string; publicPath: string | null };
}

/** The booking's conversation and a LiveKit call in it, as its organizer starts one. */
async function conversationAndCallOf(send: Send, organizer: string, bookingId: string) {
  const conversationId = await conversationOf(send, organizer, bookingId);
  const res = await send({
    method: "POST",
    url: "/api/v1/livekit/room",
    token: organizer,
    json: { conversationId },
  });
  const body = await res.json();
  const callId = res.status === 200 || res.status === 201 ? body.data.call.id : crypto.randomUUID();
  return { conversationId, callId };
}

/**
 * A verification request waiting for staff, so the verification routes meet a real one: the demo's acts are
 * verified, so an admin takes Asha's badge away and she asks again.
 */
async function verificationRequestOf(send: Send): Promise<string> {
  const found = await send({ method: "GET", url: "/api/v1/search/artists?q=Asha%20Rao&limit=10" });
  const act = ((await found.json()).data as { id: string; slug: string }[]).find((a) =>
    a.slug === "asha-rao"
  );
  if (!act) return crypto.randomUUID();
  const [admin, asha] = [await signInAs(send, "farhan.admin"), await signInAs(send, "asha.artist")];
  const unverified = await send({
    method: "POST",
    url: `/api/v1/artists/${act.id}/verify`,
    token: admin,
    json: { verified: false },
  });
  await unverified.body?.cancel();
  const res = await send({
    method: "POST",
    url: `/api/v1/artists/${act.id}/verification-requests`,
    token: asha,
    json: { links: ["https://asharao.example.in"], note: "Asking again" },
  });
  const body = await res.json();
  if (res.status !== 201) throw new Error(`No verification request: ${JSON.stringify(body)}`);
  return body.data.request.id;
}

/** The booking's conversation, as its organizer opens it. */
async function conversationOf(send: Send, organizer: string, bookingId: string): Promise<string> {
  const res = await send({
    method: "POST",
    url: "/api/v1/messages/conversations",
    token: organizer,
    json: { bookingId },
  });
  const body = await res.json();
  if (res.status !== 200 && res.status !== 201) throw new Error(`No conversation: ${JSON.stringify(body)}`);
  return body.data.conversation.id;
}

/** Starts paying the first of `bookingIds` with something due, for a real sandbox checkout page to probe. */
async function sandboxCheckoutOf(
  send: Send,
  organizer: string,
  bookingIds: string[],
): Promise<{ sandboxCheckout: string; paymentId: string }> {
  for (const bookingId of bookingIds) {
    const res = await send({
      method: "POST",
      url: "/api/v1/payments",
      token: organizer,
      json: { bookingId },
    });
    const body = await res.json();
    if (res.status === 201) {
      return {
        sandboxCheckout: new URL(body.data.redirectUrl).pathname.split("/").at(-1)!,
        paymentId: body.data.payment.id,
      };
    }
  }
  return { sandboxCheckout: "sbx_order_none", paymentId: crypto.randomUUID() };
}

/** A route's pattern with example values in place of its parameters. */
function examplePath(pattern: string, ex: Examples): string {
  const [, top, second] = pattern.split("/");
  // The console's pages are named by what they hold: /admin/users/:id.
  const first = top === "admin" ? `admin/${second}` : top;
  const value: Record<string, string> = {
    "admin/disputes": ex.bookingId,
    artists: ex.actSlug,
    bands: ex.bandSlug,
    venues: ex.venueSlug,
    bookings: ex.bookingId,
    opportunities: ex.opportunityId,
    calendar: "feed.ics",
    sandbox: ex.sandboxCheckout,
    payments: ex.paymentId,
    messages: ex.conversationId,
    reviews: ex.reviewId,
    organizers: ex.organizerSlug,
    "admin/users": ex.userId,
    // The examples are found as the organizer, who may not read the log; an unknown entry reaches the page too.
    "admin/audit": crypto.randomUUID(),
  };
  return pattern.replace(/:[A-Za-z]+/g, () => {
    if (!value[first]) throw new Error(`No example value for ${pattern}: add one in attack_surface.ts`);
    return encodeURIComponent(value[first]);
  });
}

/** Every page route, with the forms and query names its page shows `token`'s caller. */
export async function pageTargets(send: Send, ex: Examples, token?: string): Promise<PageTarget[]> {
  const targets: PageTarget[] = [];
  for (const route of buildRouteTable(manifest).routes) {
    const handler = route.module.handler;
    const methods = typeof handler === "object" && handler !== null
      ? Object.keys(handler)
      : typeof handler === "function"
      ? ["GET", "POST"]
      : ["GET"];
    const path = examplePath(route.pattern, ex);
    const target: PageTarget = {
      pattern: route.pattern,
      path,
      methods,
      forms: [],
      queryNames: await queryNamesReadBy(route.file),
    };
    if (methods.includes("GET")) {
      const res = await send({ method: "GET", url: path, token });
      if ((res.headers.get("content-type") ?? "").startsWith("text/html")) {
        readPage(await res.text(), path, target);
      } else await res.body?.cancel();
    }
    targets.push(target);
  }
  return targets;
}

/**
 * The query names a route reads itself (`?next=`, `?done=`): no link shows
 * them, so they are read from its source. Search filters reach services as a
 * whole URLSearchParams; their names come from the page's GET forms.
 */
async function queryNamesReadBy(file: string): Promise<string[]> {
  const source = await Deno.readTextFile(new URL(`../../${file}`, import.meta.url));
  return [...source.matchAll(/searchParams\.(?:get|getAll|has)\("(\w+)"\)/g)].map((m) => m[1]);
}

/** Collects a rendered page's forms (one per submit button) and the query names of its own links. */
function readPage(html: string, path: string, target: PageTarget): void {
  const document = new DOMParser().parseFromString(html, "text/html");
  for (const form of document.querySelectorAll("form")) {
    const action = new URL(form.getAttribute("action") || path, "http://localhost").pathname;
    const method = (form.getAttribute("method") ?? "get").toUpperCase() === "POST" ? "POST" : "GET";
    const fields: Record<string, string> = {};
    for (const el of form.querySelectorAll("input[name], select[name], textarea[name]")) {
      const type = el.getAttribute("type");
      if ((type === "checkbox" || type === "radio") && !el.hasAttribute("checked")) continue;
      if (type === "file") continue;
      const selected = el.tagName === "SELECT"
        ? (el.querySelector("option[selected]") ?? el.querySelector("option"))?.getAttribute("value") ?? ""
        : el.tagName === "TEXTAREA"
        ? el.textContent ?? ""
        : el.getAttribute("value") ?? "";
      fields[el.getAttribute("name")!] = selected;
    }
    const buttons = [...form.querySelectorAll("button[name]")];
    for (const button of buttons.length ? buttons : [null]) {
      const pressed = button ? { [button.getAttribute("name")!]: button.getAttribute("value") ?? "" } : {};
      target.forms.push({ method, action, fields: { ...fields, ...pressed } });
    }
    if (method === "GET" && action === new URL(path, "http://localhost").pathname) {
      target.queryNames.push(...Object.keys(fields));
    }
  }
  for (const a of document.querySelectorAll("a[href]")) {
    const href = new URL(a.getAttribute("href")!, `http://localhost${path}`);
    if (href.origin === "http://localhost" && href.pathname === path) {
      target.queryNames.push(...href.searchParams.keys());
    }
  }
  target.queryNames = [...new Set(target.queryNames)];
}

interface OpenApiDocument {
  paths: Record<string, Record<string, OpenApiOperation>>;
}
interface OpenApiOperation {
  parameters?: { in: string; name: string }[];
  requestBody?: { content: Record<string, { example?: unknown; schema?: JsonSchema }> };
}
interface JsonSchema {
  type?: string | string[];
  format?: string;
  enum?: unknown[];
  properties?: Record<string, JsonSchema>;
  minimum?: number;
  minLength?: number;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
}

/** Every operation of the OpenAPI document; deletes and session-ending calls last, so they end nothing early. */
export async function operationTargets(send: Send, ex: Examples): Promise<OperationTarget[]> {
  const doc: OpenApiDocument = await (await send({ method: "GET", url: "/api/v1/openapi.json" })).json();
  const targets: OperationTarget[] = [];
  for (const [template, operations] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(operations)) {
      const params = op.parameters ?? [];
      const content = op.requestBody?.content ?? {};
      const json = content["application/json"];
      const body = json ? exampleBody(json.example, json.schema, ex) : undefined;
      targets.push({
        method: method.toUpperCase(),
        template,
        pathParams: Object.fromEntries(
          params.filter((p) => p.in === "path").map((p) => [p.name, examplePathParam(template, p.name, ex)]),
        ),
        queryNames: params.filter((p) => p.in === "query").map((p) => p.name),
        body,
        rawBody: Object.keys(content).length > 0 && !json,
      });
    }
  }
  const last = (t: OperationTarget) =>
    /\/auth\/(logout|sessions)|\/feed\/rotate/.test(t.template) ? 2 : t.method === "DELETE" ? 1 : 0;
  return targets.sort((a, b) => last(a) - last(b));
}

function examplePathParam(template: string, name: string, ex: Examples): string {
  const resource = template.split("/")[1];
  if (name === "role") return "artist";
  if (name === "subjectType") return "organizer";
  if (name !== "id") return crypto.randomUUID();
  if (template.startsWith("/auth/passkeys/")) return ex.passkeyId;
  const byResource: Record<string, string> = {
    artists: ex.actId,
    bands: ex.bandId,
    venues: ex.venueId,
    bookings: ex.bookingId,
    negotiations: ex.bookingId,
    contracts: ex.contractId,
    payments: ex.paymentId,
    opportunities: ex.opportunityId,
    applications: ex.applicationId,
    users: ex.userId,
    messages: ex.conversationId,
    calls: ex.callId,
    reviews: ex.reviewId,
    // /trust/{subjectType}/{id}: the organizer's own score.
    trust: ex.userId,
    "verification-requests": ex.verificationRequestId,
  };
  return byResource[resource] ?? crypto.randomUUID();
}

/** The operation's own example with real ids, or a body built from its schema. */
function exampleBody(
  example: unknown,
  schema: JsonSchema | undefined,
  ex: Examples,
): Record<string, unknown> {
  const ids: Record<string, string> = {
    actId: ex.actId,
    bookingId: ex.bookingId,
    venueId: ex.venueId,
    opportunityId: ex.opportunityId,
    applicationId: ex.applicationId,
    userId: ex.userId,
    conversationId: ex.conversationId,
    callId: ex.callId,
  };
  const base = example && typeof example === "object" && !Array.isArray(example)
    ? { ...example as Record<string, unknown> }
    : valueOf(schema) as Record<string, unknown> ?? {};
  for (const key of Object.keys(base)) if (ids[key]) base[key] = ids[key];
  return typeof base === "object" && base !== null ? base : {};
}

function valueOf(schema: JsonSchema | undefined): unknown {
  if (!schema) return {};
  const variant = schema.anyOf?.[0] ?? schema.oneOf?.[0];
  if (variant) return valueOf(variant);
  if (schema.enum) return schema.enum[0];
  const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== "null") : schema.type;
  if (type === "object" || schema.properties) {
    return Object.fromEntries(Object.entries(schema.properties ?? {}).map(([k, s]) => [k, valueOf(s)]));
  }
  if (type === "integer" || type === "number") return Math.max(schema.minimum ?? 1, 1);
  if (type === "boolean") return true;
  if (type === "array") return [];
  if (schema.format === "uuid") return crypto.randomUUID();
  if (schema.format === "date-time") return new Date(Date.now() + 40 * 86_400_000).toISOString();
  if (schema.format === "date") return new Date(Date.now() + 40 * 86_400_000).toISOString().slice(0, 10);
  return "x".repeat(Math.max(schema.minLength ?? 4, 4));
}

/** An operation's URL with path parameters (one of them replaced) and a query. */
export function operationUrl(
  op: OperationTarget,
  pathParams: Record<string, string> = op.pathParams,
  query: Record<string, string> = {},
): string {
  const path = op.template.replace(/\{(\w+)\}/g, (_, name) => encodeURIComponent(pathParams[name]));
  const search = new URLSearchParams(query).toString();
  return `/api/v1${path}${search ? `?${search}` : ""}`;
}

/** A page path with one segment replaced. */
export function withSegment(path: string, index: number, value: string): string {
  const segments = path.split("/");
  segments[index] = encodeURIComponent(value);
  return segments.join("/");
}
