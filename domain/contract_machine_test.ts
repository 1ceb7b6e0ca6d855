import assert from "node:assert/strict";
import {
  allowedContractEvents,
  awaitingSignatureFrom,
  type ContractActor,
  type ContractEffect,
  type ContractErrorCode,
  type ContractEvent,
  type ContractSnapshot,
  type ContractState,
  draftContract,
  isTerminal,
  transitionContract,
} from "./contract_machine.ts";
import { sha256Hex } from "./contract_document.ts";

const H1 = sha256Hex("version 1");
const H2 = sha256Hex("version 2");
const H3 = sha256Hex("version 3");
const ACTORS: readonly ContractActor[] = ["act", "organizer", "admin", "system"];

function step(s: ContractSnapshot, event: ContractEvent, actor: ContractActor) {
  const result = transitionContract(s, event, actor);
  if (!result.ok) throw new Error(`${event.type} by ${actor} refused: ${result.error.message}`);
  return result;
}

function refusal(s: ContractSnapshot, event: ContractEvent, actor: ContractActor): ContractErrorCode {
  const result = transitionContract(s, event, actor);
  assert.ok(!result.ok, `${event.type} by ${actor} from ${s.status} should be refused`);
  return result.error.code;
}

const sign = (party: "act" | "organizer", documentHash: string): ContractEvent => ({
  type: "sign",
  party,
  documentHash,
});
const SENT: ContractSnapshot = step(draftContract(H1), { type: "send" }, "organizer").next;
const BY_PROMOTER: ContractSnapshot = step(SENT, sign("organizer", H1), "organizer").next;
const BY_ARTIST: ContractSnapshot = step(SENT, sign("act", H1), "act").next;
const SIGNED: ContractSnapshot = step(BY_PROMOTER, sign("act", H1), "act").next;
const VOIDED: ContractSnapshot = step(SENT, { type: "void", reason: "venue closed" }, "organizer").next;
const COMPLETED: ContractSnapshot = step(SIGNED, { type: "complete" }, "system").next;

const types = (effects: ContractEffect[]) => effects.map((e) => e.type);

Deno.test("a fresh contract is a first draft with nobody's signature", () => {
  assert.deepEqual(draftContract(H1), {
    status: "draft",
    version: 1,
    documentHash: H1,
    signedHash: { organizer: null, act: null },
  });
  assert.deepEqual(allowedContractEvents(draftContract(H1), "organizer"), ["revise", "send", "void"]);
  assert.deepEqual(allowedContractEvents(draftContract(H1), "act"), ["void"]);
  assert.deepEqual(awaitingSignatureFrom(draftContract(H1)), []);
});

Deno.test("the organizer sends a draft and the act hears of it; nobody else sends", () => {
  const { next, effects } = step(draftContract(H1), { type: "send" }, "organizer");
  assert.deepEqual(next, { ...draftContract(H1), status: "sent" });
  assert.deepEqual(effects, [{ type: "notify", to: "act" }]);
  for (const actor of ["act", "admin", "system"] as const) {
    assert.equal(refusal(draftContract(H1), { type: "send" }, actor), "not_allowed");
  }
  assert.equal(refusal(SENT, { type: "send" }, "organizer"), "not_allowed");
  assert.deepEqual(awaitingSignatureFrom(SENT), ["organizer", "act"]);
});

Deno.test("organizer then act signing makes the contract signed, announced once", () => {
  const first = step(SENT, sign("organizer", H1), "organizer");
  assert.equal(first.next.status, "signed_by_promoter");
  assert.deepEqual(first.next.signedHash, { organizer: H1, act: null });
  assert.deepEqual(first.effects, [
    { type: "record_signature", party: "organizer", documentHash: H1 },
    { type: "notify", to: "act" },
  ]);
  assert.deepEqual(awaitingSignatureFrom(first.next), ["act"]);

  const second = step(first.next, sign("act", H1), "act");
  assert.deepEqual(second.next, {
    status: "signed",
    version: 1,
    documentHash: H1,
    signedHash: { organizer: H1, act: H1 },
  });
  assert.deepEqual(second.effects, [
    { type: "record_signature", party: "act", documentHash: H1 },
    { type: "fully_signed" },
    { type: "notify", to: "organizer" },
  ]);
  assert.deepEqual(awaitingSignatureFrom(second.next), []);
});

Deno.test("act then organizer signing makes the contract signed, announced once", () => {
  const first = step(SENT, sign("act", H1), "act");
  assert.equal(first.next.status, "signed_by_artist");
  assert.deepEqual(first.next.signedHash, { organizer: null, act: H1 });
  assert.deepEqual(types(first.effects), ["record_signature", "notify"]);
  assert.deepEqual(awaitingSignatureFrom(first.next), ["organizer"]);

  const second = step(first.next, sign("organizer", H1), "organizer");
  assert.equal(second.next.status, "signed");
  assert.equal(types(second.effects).filter((t) => t === "fully_signed").length, 1);
  assert.deepEqual(second.effects.at(-1), { type: "notify", to: "act" });
});

Deno.test("a party signing a hash that is not the current one is refused as stale", () => {
  assert.equal(refusal(SENT, sign("act", H2), "act"), "stale_document");
  assert.equal(refusal(BY_PROMOTER, sign("act", H2), "act"), "stale_document");
  // The act read version 1, then the organizer revised and re-sent: the old reading signs nothing.
  const revised = step(
    step(SENT, { type: "revise", documentHash: H2 }, "organizer").next,
    { type: "send" },
    "organizer",
  );
  assert.equal(refusal(revised.next, sign("act", H1), "act"), "stale_document");
  assert.equal(step(revised.next, sign("act", H2), "act").next.status, "signed_by_artist");
});

Deno.test("each party signs once", () => {
  assert.equal(refusal(BY_PROMOTER, sign("organizer", H1), "organizer"), "already_signed");
  assert.equal(refusal(BY_ARTIST, sign("act", H1), "act"), "already_signed");
  assert.ok(!allowedContractEvents(BY_PROMOTER, "organizer").includes("sign"));
  assert.ok(allowedContractEvents(BY_PROMOTER, "act").includes("sign"));
});

Deno.test("only the parties sign, each in their own name, and only while the contract is out", () => {
  assert.equal(refusal(SENT, sign("act", H1), "admin"), "not_allowed");
  assert.equal(refusal(SENT, sign("organizer", H1), "system"), "not_allowed");
  assert.equal(refusal(SENT, sign("organizer", H1), "act"), "invalid");
  assert.equal(refusal(SENT, sign("act", H1), "organizer"), "invalid");
  for (const s of [draftContract(H1), SIGNED, VOIDED, COMPLETED]) {
    assert.equal(refusal(s, sign("act", s.documentHash), "act"), "not_allowed", s.status);
  }
});

Deno.test("a revision drops every signature and starts a new draft version", () => {
  for (const s of [BY_PROMOTER, BY_ARTIST]) {
    const { next, effects } = step(s, { type: "revise", documentHash: H2 }, "organizer");
    assert.deepEqual(next, {
      status: "draft",
      version: 2,
      documentHash: H2,
      signedHash: { organizer: null, act: null },
    });
    assert.deepEqual(effects, [{ type: "notify", to: "act" }]);
  }
  const fromSent = step(SENT, { type: "revise", documentHash: H2 }, "organizer");
  assert.equal(fromSent.next.status, "draft");
  assert.deepEqual(fromSent.effects, [{ type: "notify", to: "act" }]);
  // A draft nobody has seen changes quietly.
  const fromDraft = step(draftContract(H1), { type: "revise", documentHash: H2 }, "organizer");
  assert.equal(fromDraft.next.version, 2);
  assert.deepEqual(fromDraft.effects, []);
  const again = step(fromDraft.next, { type: "revise", documentHash: H3 }, "organizer");
  assert.equal(again.next.version, 3);
});

Deno.test("only the organizer revises, only before both have signed, and only to a new valid hash", () => {
  for (const actor of ["act", "admin", "system"] as const) {
    assert.equal(refusal(SENT, { type: "revise", documentHash: H2 }, actor), "not_allowed");
  }
  for (const s of [SIGNED, VOIDED, COMPLETED]) {
    assert.equal(refusal(s, { type: "revise", documentHash: H2 }, "organizer"), "not_allowed", s.status);
  }
  assert.equal(refusal(SENT, { type: "revise", documentHash: H1 }, "organizer"), "invalid");
  for (const bad of ["", "abc", H2.toUpperCase(), `${H2}0`, H2.slice(1)]) {
    assert.equal(refusal(SENT, { type: "revise", documentHash: bad }, "organizer"), "invalid", bad);
  }
});

Deno.test("before both have signed, anyone may void with a reason, and the other side hears of it", () => {
  for (const s of [draftContract(H1), SENT, BY_PROMOTER, BY_ARTIST]) {
    for (const actor of ACTORS) {
      const { next, effects } = step(s, { type: "void", reason: "  plans changed " }, actor);
      assert.deepEqual(next, { ...s, status: "voided" });
      const to = actor === "act" ? "organizer" : actor === "organizer" ? "act" : "both";
      assert.deepEqual(effects, [{ type: "notify", to }], `${actor} from ${s.status}`);
    }
  }
});

Deno.test("a void needs a reason that is not blank", () => {
  for (const reason of ["", "   ", "\n\t"]) {
    assert.equal(refusal(SENT, { type: "void", reason }, "organizer"), "invalid");
    assert.equal(refusal(SIGNED, { type: "void", reason }, "admin"), "invalid");
  }
});

Deno.test("once both have signed, only an admin voids, and the booking ends with the reason given", () => {
  for (const actor of ["act", "organizer", "system"] as const) {
    assert.equal(refusal(SIGNED, { type: "void", reason: "fraud" }, actor), "not_allowed");
    assert.ok(!allowedContractEvents(SIGNED, actor).includes("void"));
  }
  const { next, effects } = step(SIGNED, { type: "void", reason: " fraud found " }, "admin");
  assert.deepEqual(next, { ...SIGNED, status: "voided" });
  assert.deepEqual(effects, [{ type: "end_booking", reason: "fraud found" }, { type: "notify", to: "both" }]);
});

Deno.test("an unsigned contract's void ends no booking", () => {
  for (const s of [draftContract(H1), SENT, BY_PROMOTER, BY_ARTIST]) {
    const { effects } = step(s, { type: "void", reason: "fraud" }, "admin");
    assert.ok(!types(effects).includes("end_booking"), s.status);
  }
});

Deno.test("a signed contract is completed by the system alone, and only from signed", () => {
  assert.deepEqual(allowedContractEvents(SIGNED, "system"), ["complete"]);
  const { next, effects } = step(SIGNED, { type: "complete" }, "system");
  assert.deepEqual(next, { ...SIGNED, status: "completed" });
  assert.deepEqual(effects, []);
  for (const actor of ["act", "organizer", "admin"] as const) {
    assert.equal(refusal(SIGNED, { type: "complete" }, actor), "not_allowed");
  }
  for (const s of [draftContract(H1), SENT, BY_PROMOTER, BY_ARTIST, VOIDED, COMPLETED]) {
    assert.equal(refusal(s, { type: "complete" }, "system"), "not_allowed", s.status);
  }
});

Deno.test("voided and completed take nothing from anybody", () => {
  const events: ContractEvent[] = [
    { type: "revise", documentHash: H3 },
    { type: "send" },
    sign("act", H1),
    sign("organizer", H1),
    { type: "void", reason: "again" },
    { type: "complete" },
  ];
  for (const s of [VOIDED, COMPLETED]) {
    assert.ok(isTerminal(s.status));
    assert.deepEqual(awaitingSignatureFrom(s), []);
    for (const actor of ACTORS) {
      assert.deepEqual(allowedContractEvents(s, actor), [], `${actor} in ${s.status}`);
      for (const event of events) assert.equal(refusal(s, event, actor), "not_allowed");
    }
  }
  const live: ContractState[] = ["draft", "sent", "signed_by_promoter", "signed_by_artist", "signed"];
  for (const status of live) assert.ok(!isTerminal(status));
});

Deno.test("what each side may do while the contract is out", () => {
  assert.deepEqual(allowedContractEvents(SENT, "organizer"), ["revise", "sign", "void"]);
  assert.deepEqual(allowedContractEvents(SENT, "act"), ["sign", "void"]);
  assert.deepEqual(allowedContractEvents(BY_PROMOTER, "organizer"), ["revise", "void"]);
  assert.deepEqual(allowedContractEvents(BY_ARTIST, "organizer"), ["revise", "sign", "void"]);
  assert.deepEqual(allowedContractEvents(SENT, "admin"), ["void"]);
  assert.deepEqual(allowedContractEvents(SIGNED, "admin"), ["void"]);
  assert.deepEqual(allowedContractEvents(SIGNED, "organizer"), []);
});

Deno.test("a refusal names what the contract could not take", () => {
  const result = transitionContract(VOIDED, { type: "send" }, "organizer");
  assert.ok(!result.ok);
  assert.equal(result.error.message, 'A contract that is voided cannot take "send"');
  const signedBy = transitionContract(BY_PROMOTER, { type: "complete" }, "system");
  assert.ok(!signedBy.ok);
  assert.match(signedBy.error.message, /signed by promoter/);
});
