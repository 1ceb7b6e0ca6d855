/**
 * /contracts: the performance agreement of a confirmed booking. Accepting an
 * offer drafts it; the organizer side edits its non-money clauses and sends
 * it; both parties sign (in either order) the version whose hash they read;
 * either may void it until both have signed, an admin after. The sealed PDF
 * and a verification of its history are downloadable by the parties, the
 * band's members, admins and staff.
 */
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import type { Storage } from "../../integrations/storage/storage.ts";
import type { ContractPdfMaker } from "../../integrations/contract_pdf/mod.ts";
import { ServiceUnavailable } from "../../domain/errors.ts";
import type { ServiceDeps } from "../../services/deps.ts";
import * as contracts from "../../services/contracts/contracts.ts";
import {
  GenerateContractInput,
  ReviseContractInput,
  SignContractInput,
  VoidContractInput,
} from "../../services/contracts/inputs.ts";
import { contractPdf } from "../../services/contracts/pdf.ts";
import { verifyContract } from "../../services/contracts/verify.ts";
import { errorResponses, ok } from "../envelope.ts";
import { validationHook } from "../errors.ts";
import { ContractSchema, ContractVerificationSchema } from "../schemas/contracts.ts";
import { actorOf, body, IdParam, json, meta, security } from "../route_kit.ts";

const tags = ["Contracts"];
const oneContract = (description: string) => json(description, z.object({ contract: ContractSchema }));
const changes = {
  200: oneContract("The contract after the change"),
  ...errorResponses(401, 403, 404, 409, 422),
};
const HASH_EXAMPLE = "01fd53d901200bd291429714bec8c859d7d5c253289c5325ec268680d9cff2a3";

const routes = {
  generate: createRoute({
    method: "post",
    path: "/contracts",
    operationId: "generateContract",
    tags,
    summary: "The booking's contract, drawn up now if it has none (idempotent)",
    description:
      "Accepting an offer already drafts the contract; this returns it (200), or drafts one (201) " +
      "for a confirmed booking without a contract in force (one confirmed earlier, or whose contract was " +
      "voided). The booking's parties and admins.",
    security,
    request: body(GenerateContractInput, { bookingId: "8b0c6f0e-5d4a-4c1e-9d7e-2f1a0b3c4d5e" }),
    responses: {
      200: oneContract("The contract already in force"),
      201: oneContract("The new draft"),
      ...errorResponses(401, 403, 404, 409, 422),
    },
  }),
  get: createRoute({
    method: "get",
    path: "/contracts/{id}",
    operationId: "getContract",
    tags,
    summary: "The contract: its document, hash, signatures and what you may do",
    description: "A party's first reading of each version is recorded in the contract's history.",
    security,
    request: { params: IdParam },
    responses: { 200: oneContract("The contract"), ...errorResponses(401, 404, 422) },
  }),
  revise: createRoute({
    method: "post",
    path: "/contracts/{id}/revise",
    operationId: "reviseContract",
    tags,
    summary: "Edit the clauses the organizer may edit: a new version, and every signature is dropped",
    description: "Money, dates and terms come from the booking and cannot be edited here.",
    security,
    request: {
      params: IdParam,
      ...body(ReviseContractInput, {
        organizerLegalName: "Dev Events Private Limited",
        organizerAddress: "14 Hill Road, Bandra West, Mumbai 400050",
        rider: "Two vocal mics, one DI for the harmonium, a 4x3 m stage",
        additionalTerms: null,
      }),
    },
    responses: changes,
  }),
  send: createRoute({
    method: "post",
    path: "/contracts/{id}/send",
    operationId: "sendContract",
    tags,
    summary: "Send the draft for signature (the organizer side)",
    security,
    request: { params: IdParam },
    responses: changes,
  }),
  sign: createRoute({
    method: "post",
    path: "/contracts/{id}/sign",
    operationId: "signContract",
    tags,
    summary: "Sign the version you read, with your full legal name, consent and your password",
    description:
      "`documentHash` must be the contract's current hash (409 if it changed since). The password " +
      "may be left out within five minutes of signing in. Five wrong passwords in 15 minutes answer 429.",
    security,
    request: {
      params: IdParam,
      ...body(SignContractInput, {
        documentHash: HASH_EXAMPLE,
        fullName: "Asha Rao",
        consent: true,
        password: "your password",
      }),
    },
    responses: { ...changes, ...errorResponses(429) },
  }),
  void: createRoute({
    method: "post",
    path: "/contracts/{id}/void",
    operationId: "voidContract",
    tags,
    summary: "Void the contract: either party before both have signed, an admin after",
    description:
      "An admin voiding a signed contract cancels the booking (before the show) or opens a dispute " +
      "(once it has started).",
    security,
    request: {
      params: IdParam,
      ...body(VoidContractInput, { reason: "The venue changed; a new contract follows" }),
    },
    responses: changes,
  }),
  pdf: createRoute({
    method: "get",
    path: "/contracts/{id}/pdf",
    operationId: "getContractPdf",
    tags,
    summary: "The contract as a PDF; sealed with the platform's certificate once both have signed",
    security,
    request: { params: IdParam },
    responses: {
      200: {
        description: "The PDF (A4, with a certificate of completion as its last page)",
        content: { "application/pdf": { schema: z.string().openapi({ format: "binary" }) } },
      },
      ...errorResponses(401, 404, 422),
    },
  }),
  verify: createRoute({
    method: "get",
    path: "/contracts/{id}/verify",
    operationId: "verifyContract",
    tags,
    summary: "Recompute the document hash and the history's hash chain, and say what no longer matches",
    security,
    request: { params: IdParam },
    responses: {
      200: json("The verification", z.object({ verification: ContractVerificationSchema })),
      ...errorResponses(401, 404, 422),
    },
  }),
};

export function contractRoutes(
  { deps, storage, contractPdf: pdf }: {
    deps: ServiceDeps;
    storage?: Storage;
    contractPdf?: ContractPdfMaker;
  },
): OpenAPIHono {
  const fileDeps = () => {
    if (!storage || !pdf) throw new ServiceUnavailable("Contract PDFs are not available on this server");
    return { ...deps, storage, pdf };
  };
  return new OpenAPIHono({ defaultHook: validationHook })
    .openapi(routes.generate, async (c) => {
      const { contract, created } = await contracts.generateContract(
        deps,
        actorOf(c),
        c.req.valid("json"),
        meta(c),
      );
      return created ? c.json(ok({ contract }), 201) : c.json(ok({ contract }), 200);
    })
    .openapi(routes.get, async (c) => {
      const contract = await contracts.getContract(deps, actorOf(c), c.req.valid("param").id, meta(c));
      return c.json(ok({ contract }), 200);
    })
    .openapi(routes.revise, async (c) => {
      const { id } = c.req.valid("param");
      const contract = await contracts.reviseContract(deps, actorOf(c), id, c.req.valid("json"), meta(c));
      return c.json(ok({ contract }), 200);
    })
    .openapi(routes.send, async (c) => {
      const contract = await contracts.sendContract(deps, actorOf(c), c.req.valid("param").id, meta(c));
      return c.json(ok({ contract }, "Contract sent for signature"), 200);
    })
    .openapi(routes.sign, async (c) => {
      const { id } = c.req.valid("param");
      const contract = await contracts.signContract(deps, actorOf(c), id, c.req.valid("json"), meta(c));
      return c.json(ok({ contract }, "Contract signed"), 200);
    })
    .openapi(routes.void, async (c) => {
      const { id } = c.req.valid("param");
      const contract = await contracts.voidContract(deps, actorOf(c), id, c.req.valid("json"), meta(c));
      return c.json(ok({ contract }, "Contract voided"), 200);
    })
    .openapi(routes.pdf, async (c) => {
      const file = await contractPdf(fileDeps(), actorOf(c), c.req.valid("param").id, meta(c));
      return c.body(file.bytes as Uint8Array<ArrayBuffer>, 200, {
        "content-type": "application/pdf",
        "content-disposition": `attachment; filename="${file.filename}"`,
        "cache-control": "private, no-store",
      });
    })
    .openapi(routes.verify, async (c) => {
      const verification = await verifyContract(deps, actorOf(c), c.req.valid("param").id);
      return c.json(ok({ verification }), 200);
    });
}
