import assert from "node:assert/strict";
import { ValidationError } from "../../domain/errors.ts";
import {
  assertAcceptablePassword,
  BCRYPT_COST,
  hashPassword,
  isCommonPassword,
  verifyAgainstDecoy,
  verifyPassword,
} from "./passwords.ts";

Deno.test("hashes are bcrypt at cost 12 and verify only their own password", async () => {
  const hash = await hashPassword("Tabla-Night-2026");
  assert.match(hash, new RegExp(`^\\$2[aby]\\$${BCRYPT_COST}\\$`));
  assert.equal(await verifyPassword("Tabla-Night-2026", hash), true);
  assert.equal(await verifyPassword("tabla-night-2026", hash), false);
});

Deno.test("passwords longer than bcrypt's 72 bytes still count in full", async () => {
  const base = "Aa1" + "é".repeat(40); // 83 bytes in UTF-8
  const hash = await hashPassword(base + "one");
  assert.equal(await verifyPassword(base + "two", hash), false);
  assert.equal(await verifyPassword(base + "one", hash), true);
});

Deno.test("the decoy check fails for any password, including the empty one", async () => {
  for (const p of ["", "Tabla-Night-2026", "x".repeat(300)]) assert.equal(await verifyAgainstDecoy(p), false);
});

Deno.test("common passwords are refused whatever their case; good ones pass", () => {
  assert.equal(isCommonPassword("PASSWORD1"), true);
  assert.throws(() => assertAcceptablePassword("Password1"), ValidationError);
  assert.doesNotThrow(() => assertAcceptablePassword("Kathak-Rain-2031"));
});
