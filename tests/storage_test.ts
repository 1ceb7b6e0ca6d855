import assert from "node:assert/strict";
import { loadConfig } from "../config/env.ts";
import { ExternalServiceError, ValidationError } from "../domain/errors.ts";
import { createStorage, LocalDiskStorage, S3Storage } from "../integrations/storage/mod.ts";
import {
  EMPTY_PAYLOAD_SHA256,
  presignGet,
  sha256Hex,
  signHeaders,
  uriEncode,
} from "../integrations/storage/sigv4.ts";
import type { Storage } from "../integrations/storage/storage.ts";
import { type S3TestServer, startS3Server } from "./support/s3_server.ts";

const SECRET = "storage-test-secret-0123456789abcdef0123456789";
const encoder = new TextEncoder();
const decoder = new TextDecoder();
const PHOTO = encoder.encode("\x89PNG pretend photo bytes");
const RIDER = encoder.encode("%PDF-1.7 stage plot and input list");

const TRAVERSAL_KEYS = [
  "../secrets.json",
  "/etc/passwd",
  "public/../../secrets.json",
  "public/./x.png",
  "public/.meta/x.json",
  "public//x.png",
  "public/a\\..\\..\\x",
  "public/%2e%2e/x",
  "public/",
  "public",
  "C:/Windows/x",
  "uploads/x.png",
  "",
];

async function withLocalDisk(fn: (storage: LocalDiskStorage, dir: string) => Promise<void>) {
  const dir = await Deno.makeTempDir({ prefix: "storage_test_" });
  try {
    await fn(new LocalDiskStorage({ dir: `${dir}/uploads`, secret: SECRET }), dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

async function withS3(
  fn: (storage: S3Storage, server: S3TestServer) => Promise<void>,
  publicBaseUrl?: string,
) {
  const server = await startS3Server();
  try {
    await fn(new S3Storage(s3Config(server, { publicBaseUrl })), server);
  } finally {
    await server.close();
  }
}

function s3Config(
  server: S3TestServer,
  overrides: { publicBaseUrl?: string; secretAccessKey?: string } = {},
) {
  return {
    endpoint: server.endpoint,
    region: server.region,
    bucket: server.bucket,
    accessKeyId: server.accessKeyId,
    secretAccessKey: overrides.secretAccessKey ?? server.secretAccessKey,
    publicBaseUrl: overrides.publicBaseUrl,
    urlStyle: "path" as const,
  };
}

/** The same contract, run on each adapter. */
async function roundTrip(storage: Storage): Promise<void> {
  await storage.put("public/acts/42/photo.png", PHOTO, { contentType: "image/png", visibility: "public" });
  await storage.put("private/riders/42.pdf", RIDER, {
    contentType: "application/pdf",
    cacheControl: "private, max-age=60",
    visibility: "private",
  });
  assert.deepEqual(await storage.get("public/acts/42/photo.png"), {
    bytes: PHOTO,
    contentType: "image/png",
    cacheControl: "public, max-age=31536000, immutable",
  });
  assert.deepEqual(await storage.get("private/riders/42.pdf"), {
    bytes: RIDER,
    contentType: "application/pdf",
    cacheControl: "private, max-age=60",
  });
  const replacement = encoder.encode("%PDF-1.7 new rider");
  await storage.put("private/riders/42.pdf", replacement, {
    contentType: "application/pdf",
    visibility: "private",
  });
  assert.deepEqual((await storage.get("private/riders/42.pdf"))?.bytes, replacement);

  await storage.delete("private/riders/42.pdf");
  assert.equal(await storage.get("private/riders/42.pdf"), null);
  await storage.delete("private/riders/42.pdf");
  assert.equal(await storage.get("public/never/stored.png"), null);
}

async function refusesBadKeys(storage: Storage): Promise<void> {
  for (const key of TRAVERSAL_KEYS) {
    await assert.rejects(
      storage.put(key, PHOTO, { contentType: "image/png", visibility: "public" }),
      ValidationError,
      `put ${key}`,
    );
    await assert.rejects(storage.get(key), ValidationError, `get ${key}`);
    await assert.rejects(storage.delete(key), ValidationError, `delete ${key}`);
    await assert.rejects(storage.url(key), ValidationError, `url ${key}`);
  }
  // A private file cannot be put under a public key, or the other way round.
  await assert.rejects(
    storage.put("public/riders/42.pdf", RIDER, { contentType: "application/pdf", visibility: "private" }),
    /is not private/,
  );
  await assert.rejects(
    storage.put("private/acts/photo.png", PHOTO, { contentType: "image/png", visibility: "public" }),
    /is not public/,
  );
}

Deno.test("local disk: put, get, overwrite and delete round-trip bytes, content type and cache policy", async () => {
  await withLocalDisk(async (storage, dir) => {
    await roundTrip(storage);
    assert.deepEqual(await Deno.readFile(`${dir}/uploads/public/acts/42/photo.png`), PHOTO);
  });
});

Deno.test("local disk: traversal, absolute and malformed keys are refused, and nothing is written", async () => {
  await withLocalDisk(async (storage, dir) => {
    await refusesBadKeys(storage);
    assert.deepEqual([...Deno.readDirSync(dir)], []);
  });
});

Deno.test("local disk: a public file has a stable /media URL the route serves without a signature", async () => {
  await withLocalDisk(async (storage) => {
    await storage.put("public/acts/42/photo.png", PHOTO, { contentType: "image/png", visibility: "public" });
    const url = await storage.url("public/acts/42/photo.png");
    assert.equal(url, "/media/public/acts/42/photo.png");
    assert.equal(await storage.keyForRequest(url, new Date()), "public/acts/42/photo.png");
  });
});

Deno.test("local disk: a private URL is signed, works until it expires, then is refused", async () => {
  const issued = new Date("2026-03-01T10:00:00Z");
  await withLocalDisk(async (_, dir) => {
    const storage = new LocalDiskStorage({ dir, secret: SECRET, now: () => issued });
    const url = await storage.url("private/riders/42.pdf", { expiresInSeconds: 600 });
    assert.match(url, /^\/media\/private\/riders\/42\.pdf\?exp=1772359800&sig=[A-Za-z0-9_-]{43}$/);
    const key = "private/riders/42.pdf";
    assert.equal(await storage.verifySignedUrl(url, issued), key);
    assert.equal(
      await storage.keyForRequest(`https://artistspace.in${url}`, new Date(issued.getTime() + 599_000)),
      key,
    );
    assert.equal(await storage.verifySignedUrl(url, new Date(issued.getTime() + 600_000)), null);
    assert.equal(await storage.keyForRequest(url, new Date(issued.getTime() + 3_600_000)), null);
  });
});

Deno.test("local disk: a tampered, unsigned or foreign-signed private URL is refused", async () => {
  const now = new Date();
  await withLocalDisk(async (storage, dir) => {
    const url = await storage.url("private/riders/42.pdf");
    const { searchParams } = new URL(url, "http://x");
    const exp = Number(searchParams.get("exp"));
    const sig = searchParams.get("sig")!;
    const flipped = (sig[0] === "A" ? "B" : "A") + sig.slice(1);
    for (
      const bad of [
        `/media/private/riders/43.pdf?exp=${exp}&sig=${sig}`,
        `/media/private/riders/42.pdf?exp=${exp + 86400}&sig=${sig}`,
        `/media/private/riders/42.pdf?exp=${exp}&sig=${flipped}`,
        `/media/private/riders/42.pdf?exp=${exp}&sig=${sig}=`,
        `/media/private/riders/42.pdf?exp=${exp}`,
        `/media/private/riders/42.pdf`,
        // Dot segments resolve (as in any HTTP server) to the private path, which still needs a signature.
        `/media/public/../private/riders/42.pdf`,
        `/media/public/%2e%2e/private/riders/42.pdf`,
      ]
    ) {
      assert.equal(await storage.verifySignedUrl(bad, now), null, bad);
      assert.equal(await storage.keyForRequest(bad, now), null, bad);
    }
    const other = new LocalDiskStorage({ dir, secret: "another-secret-0123456789abcdef0123456789" });
    assert.equal(await other.verifySignedUrl(url, now), null);
  });
});

Deno.test("local disk: URL lifetimes outside 1 second to 7 days are a programming error", async () => {
  await withLocalDisk(async (storage) => {
    await assert.rejects(storage.url("private/r.pdf", { expiresInSeconds: 0 }), RangeError);
    await assert.rejects(storage.url("private/r.pdf", { expiresInSeconds: 604801 }), RangeError);
    await assert.rejects(storage.url("private/r.pdf", { expiresInSeconds: 1.5 }), RangeError);
  });
});

Deno.test("S3: put, get, overwrite and delete round-trip through a SigV4-checking S3 stand-in", async () => {
  await withS3(async (storage, server) => {
    await storage.put("public/acts/7/photo.png", PHOTO, { contentType: "image/png", visibility: "public" });
    const stored = server.objects.get("public/acts/7/photo.png")!;
    assert.equal(stored.contentType, "image/png");
    assert.equal(stored.cacheControl, "public, max-age=31536000, immutable");
    assert.match(stored.etag, /^"[0-9a-f]{32}"$/);
    await roundTrip(storage);
  });
});

Deno.test("S3: traversal, absolute and malformed keys are refused before any request", async () => {
  await withS3(async (storage, server) => {
    await refusesBadKeys(storage);
    assert.equal(server.objects.size, 0);
  });
});

Deno.test("S3: a public key's URL is the bucket's (anonymous GET allowed by policy) or the CDN's", async () => {
  await withS3(async (storage, server) => {
    await storage.put("public/acts/7/photo.png", PHOTO, { contentType: "image/png", visibility: "public" });
    const url = await storage.url("public/acts/7/photo.png");
    assert.equal(url, `${server.endpoint}/${server.bucket}/public/acts/7/photo.png`);
    const res = await fetch(url);
    assert.equal(res.status, 200);
    assert.equal(res.headers.get("content-type"), "image/png");
    assert.deepEqual(new Uint8Array(await res.arrayBuffer()), PHOTO);
  });
  await withS3(async (storage) => {
    assert.equal(
      await storage.url("public/acts/7/photo.png"),
      "https://media.artistspace.in/public/acts/7/photo.png",
    );
  }, "https://media.artistspace.in/");
});

Deno.test("S3: a private key needs its presigned URL, which works until it expires", async () => {
  await withS3(async (storage, server) => {
    await storage.put("private/riders/7.pdf", RIDER, {
      contentType: "application/pdf",
      visibility: "private",
    });
    const anonymous = await fetch(`${server.endpoint}/${server.bucket}/private/riders/7.pdf`);
    assert.equal(anonymous.status, 403);
    assert.match(await anonymous.text(), /<Code>AccessDenied<\/Code>/);

    const url = await storage.url("private/riders/7.pdf", { expiresInSeconds: 60 });
    assert.match(url, /X-Amz-Expires=60&X-Amz-SignedHeaders=host&X-Amz-Signature=[0-9a-f]{64}$/);
    const res = await fetch(url);
    assert.equal(res.status, 200);
    assert.equal(res.headers.get("content-type"), "application/pdf");
    assert.deepEqual(new Uint8Array(await res.arrayBuffer()), RIDER);

    server.advanceClock(61);
    const expired = await fetch(url);
    assert.equal(expired.status, 403);
    assert.equal(expired.headers.get("content-type"), "application/xml");
    const body = await expired.text();
    assert.match(body, /<Code>AccessDenied<\/Code><Message>Request has expired<\/Message>/);
  });
});

Deno.test("S3: a tampered presigned URL is refused with SignatureDoesNotMatch", async () => {
  await withS3(async (storage) => {
    await storage.put("private/riders/7.pdf", RIDER, {
      contentType: "application/pdf",
      visibility: "private",
    });
    await storage.put("private/riders/8.pdf", RIDER, {
      contentType: "application/pdf",
      visibility: "private",
    });
    const url = await storage.url("private/riders/7.pdf");
    for (
      const bad of [
        url.replace("riders/7.pdf", "riders/8.pdf"),
        url.replace("X-Amz-Expires=900", "X-Amz-Expires=3600"),
        url.replace(/X-Amz-Signature=./, (s) => s.slice(0, -1) + (s.endsWith("0") ? "1" : "0")),
      ]
    ) {
      assert.notEqual(bad, url);
      const res = await fetch(bad);
      assert.equal(res.status, 403, bad);
      assert.match(await res.text(), /<Code>SignatureDoesNotMatch<\/Code>/);
    }
  });
});

Deno.test("S3: a wrong secret or a skewed clock fails as ExternalServiceError with S3's error code", async () => {
  await withS3(async (_, server) => {
    const wrong = new S3Storage(
      s3Config(server, { secretAccessKey: "not-the-secret/0123456789abcdefghijklmn" }),
    );
    await assert.rejects(
      wrong.put("public/a.png", PHOTO, { contentType: "image/png", visibility: "public" }),
      (err) => err instanceof ExternalServiceError && /403 SignatureDoesNotMatch/.test(err.message),
    );
    const late = new S3Storage(s3Config(server), { now: () => new Date(Date.now() - 20 * 60_000) });
    await assert.rejects(
      late.get("public/a.png"),
      (err) => err instanceof ExternalServiceError && /403 RequestTimeTooSkewed/.test(err.message),
    );
    assert.equal(server.objects.size, 0);
  });
});

Deno.test("S3: virtual-hosted URLs put the bucket in the host name", () => {
  const storage = new S3Storage({
    endpoint: "https://s3.ap-south-1.amazonaws.com",
    region: "ap-south-1",
    bucket: "artist-space-media",
    accessKeyId: "AKIDEXAMPLE",
    secretAccessKey: "secret",
    urlStyle: "virtual",
  });
  assert.equal(
    storage.objectUrl("public/acts/1/p.webp").href,
    "https://artist-space-media.s3.ap-south-1.amazonaws.com/public/acts/1/p.webp",
  );
});

Deno.test("SigV4 signer: AWS's published get-vanilla test vector", async () => {
  const headers = await signHeaders({
    method: "GET",
    url: new URL("https://example.amazonaws.com/"),
    headers: {},
    payloadHash: EMPTY_PAYLOAD_SHA256,
    scope: {
      accessKeyId: "AKIDEXAMPLE",
      secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
      region: "us-east-1",
      service: "service",
    },
    date: new Date("2015-08-30T12:36:00Z"),
  });
  assert.deepEqual(headers, {
    "x-amz-date": "20150830T123600Z",
    authorization: "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, " +
      "SignedHeaders=host;x-amz-date, Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31",
  });
  assert.equal(await sha256Hex(""), EMPTY_PAYLOAD_SHA256);
});

Deno.test("SigV4 signer: AWS's published presigned-URL example for S3 (examplebucket/test.txt)", async () => {
  const url = await presignGet({
    url: new URL("https://examplebucket.s3.amazonaws.com/test.txt"),
    scope: {
      accessKeyId: "AKIAIOSFODNN7EXAMPLE",
      secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
      region: "us-east-1",
      service: "s3",
    },
    date: new Date("2013-05-24T00:00:00Z"),
    expiresInSeconds: 86400,
  });
  assert.equal(
    url.searchParams.get("X-Amz-Signature"),
    "aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404",
  );
});

Deno.test("SigV4 signer and stand-in agree on paths and queries that need encoding", async () => {
  const server = await startS3Server();
  try {
    const scope = {
      accessKeyId: server.accessKeyId,
      secretAccessKey: server.secretAccessKey,
      region: server.region,
      service: "s3",
    };
    const key = "private/Ünïcode name (1)!*'~.txt";
    const url = new URL(`${server.endpoint}/${server.bucket}/${uriEncode(key, true)}?b=2&a=x%20y&a=%2B`);
    const body = encoder.encode("hello");
    const headers = {
      "content-type": "text/plain; charset=utf-8",
      "x-amz-content-sha256": await sha256Hex(body),
    };
    const auth = await signHeaders({
      method: "PUT",
      url,
      headers,
      payloadHash: headers["x-amz-content-sha256"],
      scope,
      date: new Date(),
    });
    const put = await fetch(url, { method: "PUT", body, headers: { ...headers, ...auth } });
    assert.equal(put.status, 200, await put.text());
    assert.equal(decoder.decode(server.objects.get(key)!.body), "hello");

    const presigned = await presignGet({ url, scope, date: new Date(), expiresInSeconds: 60 });
    const get = await fetch(presigned);
    assert.equal(get.status, 200);
    assert.equal(await get.text(), "hello");

    // The body hash is part of what is signed: another body under the same headers is refused.
    const swapped = await fetch(url, { method: "PUT", body: "HELLO", headers: { ...headers, ...auth } });
    assert.equal(swapped.status, 400);
    assert.match(await swapped.text(), /<Code>XAmzContentSHA256Mismatch<\/Code>/);
  } finally {
    await server.close();
  }
});

Deno.test("config: local disk under DATA_DIR/uploads by default, S3 once S3_BUCKET is set", async () => {
  const base = { APP_ENV: "test", APP_SECRET: SECRET, JWT_SECRET: SECRET, DATA_DIR: "/tmp/as-data" };
  const local = await loadConfig(base);
  assert.deepEqual(local.storage, { kind: "local", dir: "/tmp/as-data/uploads" });
  assert.ok(createStorage(local) instanceof LocalDiskStorage);

  const aws = await loadConfig({
    ...base,
    S3_BUCKET: "artist-space-media",
    S3_REGION: "ap-south-1",
    S3_ACCESS_KEY_ID: "AKIDEXAMPLE",
    S3_SECRET_ACCESS_KEY: "secret",
  });
  assert.deepEqual(aws.storage, {
    kind: "s3",
    endpoint: "https://s3.ap-south-1.amazonaws.com",
    region: "ap-south-1",
    bucket: "artist-space-media",
    accessKeyId: "AKIDEXAMPLE",
    secretAccessKey: "secret",
    publicBaseUrl: undefined,
    urlStyle: "virtual",
  });
  assert.ok(createStorage(aws) instanceof S3Storage);

  const minio = await loadConfig({
    ...base,
    S3_BUCKET: "media",
    S3_ENDPOINT: "http://127.0.0.1:9000",
    S3_ACCESS_KEY_ID: "minio",
    S3_SECRET_ACCESS_KEY: "minio-secret",
  });
  assert.equal(minio.storage.kind === "s3" && minio.storage.urlStyle, "path");
  await assert.rejects(loadConfig({ ...base, S3_BUCKET: "media" }), /S3_BUCKET needs S3_ACCESS_KEY_ID/);
});
