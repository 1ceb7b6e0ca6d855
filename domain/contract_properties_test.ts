import assert from "node:assert/strict";
import fc from "fast-check";
import {
  allowedContractEvents,
  type ContractActor,
  type ContractEvent,
  type ContractEventType,
  type ContractResult,
  type ContractSnapshot,
  draftContract,
  isTerminal,
  transitionContract,
} from "./contract_machine.ts";
import { sha256Hex } from "./contract_document.ts";
import { otherParty, type Party } from "./negotiation.ts";

const ACTORS: readonly ContractActor[] = ["act", "organizer", "admin", "system"];
const EVENT_TYPES: readonly ContractEventType[] = ["revise", "send", "sign", "void", "complete"];
const isParty = (actor: ContractActor): actor is Party => actor === "act" || actor === "organizer";

/**
 * A small pool of document hashes, so revisions sometimes come back to a hash
 * that was signed before and stale signatures name a hash the contract had.
 */
const HASHES = Array.from({ length: 6 }, (_, i) => sha256Hex(`contract version ${i}`));
/** Hashes a revision must refuse: not 64 lower-case hex digits. */
const MALFORMED = ["", "not a hash", HASHES[1].toUpperCase(), HASHES[1].slice(2)];
const FIRST = HASHES[0];

const stepArb = fc.record({
  // Mostly the parties: they are the ones who sign, and who sign twice.
  actor: fc.constantFrom<ContractActor>("act", "organizer", "act", "organizer", "admin", "system"),
  type: fc.constantFrom(...EVENT_TYPES),
  // Picking among the allowed events most of the time is what takes histories to signed and beyond.
  followAllowed: fc.integer({ min: 0, max: 9 }).map((n) => n < 7),
  pick: fc.nat(),
  // Voids and completions end a history and revisions undo the signing; let them through only on some steps.
  end: fc.integer({ min: 0, max: 14 }).map((n) => n === 0),
  change: fc.integer({ min: 0, max: 2 }).map((n) => n === 0),
  hash: fc.oneof(
    { arbitrary: fc.constantFrom(...HASHES), weight: 6 },
    { arbitrary: fc.constantFrom(...MALFORMED), weight: 1 },
  ),
  /** Whether a signature names the hash the contract has now (or the step's hash). */
  signCurrent: fc.integer({ min: 0, max: 3 }).map((n) => n > 0),
  /** Whether a signature names the other party than the signer. */
  wrongParty: fc.integer({ min: 0, max: 9 }).map((n) => n === 0),
  blankReason: fc.integer({ min: 0, max: 9 }).map((n) => n === 0),
});
type Step = typeof stepArb extends fc.Arbitrary<infer S> ? S : never;

const historyArb = fc.array(stepArb, { maxLength: 24, size: "max" });
const NUM_RUNS = 2000;

function eventFrom(
  type: ContractEventType,
  s: ContractSnapshot,
  actor: ContractActor,
  p: Step,
): ContractEvent {
  switch (type) {
    case "revise":
      return { type, documentHash: p.hash };
    case "send":
    case "complete":
      return { type };
    case "sign": {
      const self: Party = isParty(actor) ? actor : "act";
      return {
        type,
        party: p.wrongParty ? otherParty(self) : self,
        documentHash: p.signCurrent ? s.documentHash : p.hash,
      };
    }
    case "void":
      return { type, reason: p.blankReason ? " \n " : "the venue closed" };
  }
}

/** The well-formed event of a type: current hash to sign, a fresh valid hash to revise, a reason to void. */
function wellFormed(type: ContractEventType, s: ContractSnapshot, actor: ContractActor): ContractEvent {
  const fresh = HASHES.find((h) => h !== s.documentHash)!;
  return eventFrom(type, s, actor, {
    actor,
    type,
    followAllowed: false,
    pick: 0,
    end: false,
    change: false,
    hash: fresh,
    signCurrent: true,
    wrongParty: false,
    blankReason: false,
  });
}

/** An allowed event for the first actor, counting from the step's, who has one. */
function chooseAllowed(
  s: ContractSnapshot,
  p: Step,
): { actor: ContractActor; type: ContractEventType } | null {
  const first = ACTORS.indexOf(p.actor);
  for (let i = 0; i < ACTORS.length; i++) {
    const actor = ACTORS[(first + i) % ACTORS.length];
    const allowed = allowedContractEvents(s, actor)
      .filter((t) => (p.end || (t !== "void" && t !== "complete")) && (p.change || t !== "revise"));
    if (allowed.length > 0) return { actor, type: allowed[p.pick % allowed.length] };
  }
  return null;
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === "object") {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

interface Observed {
  before: ContractSnapshot;
  event: ContractEvent;
  actor: ContractActor;
  result: ContractResult;
  /** The snapshot after the step: the next one, or the same one when refused. */
  after: ContractSnapshot;
}

/**
 * Runs random histories from a fresh draft, handing every step to the
 * observer `start` makes for that history. Snapshots are frozen, so a
 * transition that changed the one it was given would throw; a refusal leaves
 * the contract as it was.
 */
function forEveryHistory(start: () => (o: Observed) => void, numRuns = NUM_RUNS) {
  fc.assert(
    fc.property(historyArb, (steps) => {
      const observe = start();
      let s = deepFreeze(draftContract(FIRST));
      for (const p of steps) {
        const chosen = p.followAllowed ? chooseAllowed(s, p) : null;
        const actor = chosen?.actor ?? p.actor;
        const event = eventFrom(chosen?.type ?? p.type, s, actor, p);
        const result = transitionContract(s, event, actor);
        const after = result.ok ? deepFreeze(result.next) : s;
        observe({ before: s, event, actor, result, after });
        s = after;
      }
    }),
    { numRuns },
  );
}

/** Counts of what the histories reached, so a property cannot pass on histories that never got there. */
function tally() {
  const seen = new Map<string, number>();
  return {
    count: (key: string) => seen.set(key, (seen.get(key) ?? 0) + 1),
    atLeast(keys: string[], n = 10) {
      for (const key of keys) {
        assert.ok((seen.get(key) ?? 0) >= n, `${key} reached ${seen.get(key) ?? 0} times`);
      }
    },
  };
}

Deno.test("a signature binds the document hash the contract had when it was made", () => {
  const { count, atLeast } = tally();
  forEveryHistory(() => ({ before, event, actor, result }) => {
    if (event.type === "sign" && event.documentHash !== before.documentHash) {
      assert.ok(!result.ok, "a stale or foreign hash is never signed");
      count("stale refused");
    }
    if (!result.ok) return;
    for (const effect of result.effects) {
      if (effect.type !== "record_signature") continue;
      assert.equal(effect.documentHash, before.documentHash);
      assert.equal(effect.party, actor);
      assert.equal(result.next.signedHash[effect.party], effect.documentHash);
      count(`signed by ${effect.party}`);
    }
    // Nothing but a signature sets a party's signed hash.
    for (const party of ["act", "organizer"] as const) {
      const signedNow = result.effects.some((e) => e.type === "record_signature" && e.party === party);
      if (!signedNow && result.next.signedHash[party] !== null) {
        assert.equal(result.next.signedHash[party], before.signedHash[party]);
      }
    }
  });
  atLeast(["stale refused", "signed by act", "signed by organizer"]);
});

Deno.test("no signature survives a change of terms", () => {
  const { count, atLeast } = tally();
  forEveryHistory(() => ({ before, event, result }) => {
    if (!result.ok || event.type !== "revise") return;
    assert.deepEqual(result.next.signedHash, { organizer: null, act: null });
    assert.equal(result.next.status, "draft");
    assert.equal(result.next.documentHash, event.documentHash);
    count(`revised from ${before.status}`);
  });
  atLeast([
    "revised from draft",
    "revised from sent",
    "revised from signed_by_promoter",
    "revised from signed_by_artist",
  ]);
});

Deno.test("signed only when both parties signed the current hash, announced on the step that gets there", () => {
  const { count, atLeast } = tally();
  forEveryHistory(() => {
    // The hash each party signed since the last revision, read from the effects alone.
    let ledger: Record<Party, string | null> = { organizer: null, act: null };
    return ({ before, event, result, after }) => {
      if (!result.ok) return;
      if (event.type === "revise") ledger = { organizer: null, act: null };
      for (const e of result.effects) if (e.type === "record_signature") ledger[e.party] = e.documentHash;

      const fullySigned = result.effects.filter((e) => e.type === "fully_signed").length;
      const entersSigned = before.status !== "signed" && after.status === "signed";
      assert.equal(fullySigned, entersSigned ? 1 : 0, `${event.type} from ${before.status}`);
      if (after.status === "signed") {
        assert.equal(after.signedHash.organizer, after.documentHash);
        assert.equal(after.signedHash.act, after.documentHash);
        assert.deepEqual(ledger, { organizer: after.documentHash, act: after.documentHash });
      } else if (!isTerminal(after.status)) {
        // Out for signature or in draft, at most one of the two has signed the hash it has now.
        assert.ok(
          after.signedHash.organizer !== after.documentHash || after.signedHash.act !== after.documentHash,
          after.status,
        );
      }
      if (entersSigned) count(`signed after ${before.status}`);
    };
  });
  atLeast(["signed after signed_by_promoter", "signed after signed_by_artist"]);
});

Deno.test("voided and completed are terminal for every actor and every event", () => {
  const { count, atLeast } = tally();
  forEveryHistory(() => ({ before, event, actor, result }) => {
    if (!isTerminal(before.status)) return;
    assert.ok(!result.ok, `${event.type} by ${actor} left ${before.status}`);
    for (const a of ACTORS) {
      assert.deepEqual(allowedContractEvents(before, a), []);
      for (const type of EVENT_TYPES) {
        assert.ok(!transitionContract(before, wellFormed(type, before, a), a).ok);
      }
    }
    count(before.status);
  });
  atLeast(["voided", "completed"]);
});

Deno.test("the allowed events are exactly those that succeed with a well-formed payload", () => {
  const { count, atLeast } = tally();
  forEveryHistory(() => ({ before, event, actor, result }) => {
    for (const a of ACTORS) {
      const allowed = allowedContractEvents(before, a);
      for (const type of EVENT_TYPES) {
        const witness = transitionContract(before, wellFormed(type, before, a), a);
        assert.equal(witness.ok, allowed.includes(type), `${type} by ${a} in ${before.status}`);
      }
    }
    // Whatever the payload, an event that is not listed is refused.
    if (result.ok) assert.ok(allowedContractEvents(before, actor).includes(event.type));
    else count(result.error.code);
  });
  atLeast(["not_allowed", "stale_document", "already_signed", "invalid"]);
});

Deno.test("the version only grows, by one for each revision", () => {
  const { count, atLeast } = tally();
  forEveryHistory(() => ({ before, event, result, after }) => {
    const revised = result.ok && event.type === "revise";
    assert.equal(after.version, before.version + (revised ? 1 : 0));
    if (revised) count("revised");
    if (after.version >= 4) count("version 4");
  });
  atLeast(["revised", "version 4"]);
});
