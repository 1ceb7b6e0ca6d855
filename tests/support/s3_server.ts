/**
 * A stand-in S3 for tests: one bucket in memory on a loopback port, speaking
 * S3's wire format (path-style URLs, ETag headers, XML errors) and checking
 * SigV4 the way S3 does, for signed headers and presigned URLs alike.
 *
 * The verifier is deliberately a second, independent implementation (node's
 * crypto, its own encoding and parsing) so that a mistake in the client's
 * signer cannot be cancelled out by the same mistake here. Anonymous GETs of
 * `public/*` succeed, as a bucket policy for public media would allow.
 */
import { createHash, createHmac, timingSafeEqual } from "node:crypto";

export interface S3TestServer {
  endpoint: string;
  bucket: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
  objects: Map<string, S3TestObject>;
  /** Moves the server's clock, to test expiry and clock skew. */
  advanceClock(seconds: number): void;
  close(): Promise<void>;
}

export interface S3TestObject {
  body: Uint8Array<ArrayBuffer>;
  contentType: string;
  cacheControl?: string;
  etag: string;
  lastModified: Date;
}

const SKEW_LIMIT_MS = 15 * 60 * 1000;

export function startS3Server(opts: { bucket?: string; region?: string } = {}): Promise<S3TestServer> {
  const bucket = opts.bucket ?? "artist-space-test";
  const region = opts.region ?? "ap-south-1";
  const accessKeyId = "AKIATESTSTANDIN00001";
  const secretAccessKey = "stand-in/secret+KEY/0123456789abcdefghijkl";
  const objects = new Map<string, S3TestObject>();
  let offsetMs = 0;
  const now = () => new Date(Date.now() + offsetMs);

  async function handle(req: Request): Promise<Response> {
    const url = new URL(req.url);
    const rawSegments = url.pathname.split("/").slice(1);
    if (rawSegments[0] !== bucket) {
      return s3Error(404, "NoSuchBucket", "The specified bucket does not exist", {
        BucketName: rawSegments[0],
      });
    }
    const key = rawSegments.slice(1).map((s) => decodeURIComponent(s)).join("/");
    const body = new Uint8Array(await req.arrayBuffer());

    const denied = verify(req, url, body);
    if (denied) return denied;

    if (req.method === "PUT") {
      const etag = `"${createHash("md5").update(body).digest("hex")}"`;
      objects.set(key, {
        body,
        contentType: req.headers.get("content-type") ?? "binary/octet-stream",
        cacheControl: req.headers.get("cache-control") ?? undefined,
        etag,
        lastModified: now(),
      });
      return new Response(null, { status: 200, headers: { ETag: etag, "x-amz-request-id": requestId() } });
    }
    if (req.method === "GET") {
      const object = objects.get(key);
      if (!object) return s3Error(404, "NoSuchKey", "The specified key does not exist.", { Key: key });
      const headers = new Headers({
        "Content-Type": object.contentType,
        ETag: object.etag,
        "Last-Modified": object.lastModified.toUTCString(),
        "x-amz-request-id": requestId(),
      });
      if (object.cacheControl) headers.set("Cache-Control", object.cacheControl);
      return new Response(object.body, { status: 200, headers });
    }
    if (req.method === "DELETE") {
      objects.delete(key);
      return new Response(null, { status: 204, headers: { "x-amz-request-id": requestId() } });
    }
    return s3Error(405, "MethodNotAllowed", "The specified method is not allowed against this resource.");
  }

  /** Null when the request is authorised, else S3's error response. */
  function verify(req: Request, url: URL, body: Uint8Array): Response | null {
    const query = parseQuery(url.search);
    const presigned = query.some(([k]) => k === "X-Amz-Algorithm");
    const authorization = req.headers.get("authorization");
    if (!presigned && !authorization) {
      const key = url.pathname.split("/").slice(2).join("/");
      if (req.method === "GET" && key.startsWith("public/")) return null;
      return s3Error(403, "AccessDenied", "Access Denied");
    }

    let credential: string, signedHeaders: string, signature: string, stamp: string, payloadHash: string;
    if (presigned) {
      const param = (name: string) => query.find(([k]) => k === name)?.[1] ?? "";
      if (param("X-Amz-Algorithm") !== "AWS4-HMAC-SHA256") {
        return s3Error(
          400,
          "AuthorizationQueryParametersError",
          'X-Amz-Algorithm only supports "AWS4-HMAC-SHA256"',
        );
      }
      credential = param("X-Amz-Credential");
      signedHeaders = param("X-Amz-SignedHeaders");
      signature = param("X-Amz-Signature");
      stamp = param("X-Amz-Date");
      const expires = Number(param("X-Amz-Expires"));
      if (!Number.isInteger(expires) || expires < 1 || expires > 604800) {
        return s3Error(
          400,
          "AuthorizationQueryParametersError",
          "X-Amz-Expires must be less than a week (in seconds) that is 604800",
        );
      }
      // Written as "not within" so that an unparsable date (NaN) is refused too.
      if (!(now().getTime() <= parseStamp(stamp) + expires * 1000)) {
        return s3Error(403, "AccessDenied", "Request has expired", {
          Expires: new Date(parseStamp(stamp) + expires * 1000).toISOString(),
          ServerTime: now().toISOString(),
        });
      }
      payloadHash = "UNSIGNED-PAYLOAD";
    } else {
      const match =
        /^AWS4-HMAC-SHA256 Credential=([^,]+),\s*SignedHeaders=([^,]+),\s*Signature=([0-9a-f]{64})$/
          .exec(authorization!);
      if (!match) {
        return s3Error(400, "AuthorizationHeaderMalformed", "The authorization header is malformed");
      }
      [, credential, signedHeaders, signature] = match;
      stamp = req.headers.get("x-amz-date") ?? "";
      if (!(Math.abs(now().getTime() - parseStamp(stamp)) <= SKEW_LIMIT_MS)) {
        return s3Error(
          403,
          "RequestTimeTooSkewed",
          "The difference between the request time and the current time is too large.",
        );
      }
      const declared = req.headers.get("x-amz-content-sha256");
      if (!declared) {
        return s3Error(
          400,
          "InvalidRequest",
          "Missing required header for this request: x-amz-content-sha256",
        );
      }
      if (declared !== "UNSIGNED-PAYLOAD" && declared !== createHash("sha256").update(body).digest("hex")) {
        return s3Error(
          400,
          "XAmzContentSHA256Mismatch",
          "The provided 'x-amz-content-sha256' header does not match what was computed.",
        );
      }
      payloadHash = declared;
    }

    const [keyId, day, credRegion, service, terminator] = credential.split("/");
    if (keyId !== accessKeyId) {
      return s3Error(
        403,
        "InvalidAccessKeyId",
        "The AWS Access Key Id you provided does not exist in our records.",
      );
    }
    if (
      credRegion !== region || service !== "s3" || terminator !== "aws4_request" || day !== stamp.slice(0, 8)
    ) {
      return s3Error(
        400,
        "AuthorizationHeaderMalformed",
        `The authorization header is malformed; region '${region}'`,
      );
    }
    const headerNames = signedHeaders.split(";");
    if (!headerNames.includes("host")) {
      return s3Error(400, "AuthorizationHeaderMalformed", "SignedHeaders must include host");
    }

    const canonicalUri = url.pathname.split("/").map((s) => awsEncode(decodeURIComponent(s))).join("/");
    const canonicalQueryString = query
      .filter(([k]) => k !== "X-Amz-Signature")
      .map(([k, v]) => [awsEncode(k), awsEncode(v)])
      .sort((a, b) => a[0] === b[0] ? (a[1] < b[1] ? -1 : 1) : a[0] < b[0] ? -1 : 1)
      .map(([k, v]) => `${k}=${v}`)
      .join("&");
    const canonicalHeaders = headerNames
      .map((name) => `${name}:${(req.headers.get(name) ?? "").trim().split(/\s+/).join(" ")}\n`)
      .join("");
    const canonicalRequest =
      `${req.method}\n${canonicalUri}\n${canonicalQueryString}\n${canonicalHeaders}\n${signedHeaders}\n${payloadHash}`;
    const scope = `${day}/${region}/s3/aws4_request`;
    const stringToSign = `AWS4-HMAC-SHA256\n${stamp}\n${scope}\n${
      createHash("sha256").update(canonicalRequest).digest("hex")
    }`;
    const kDate = createHmac("sha256", "AWS4" + secretAccessKey).update(day).digest();
    const kRegion = createHmac("sha256", kDate).update(region).digest();
    const kService = createHmac("sha256", kRegion).update("s3").digest();
    const kSigning = createHmac("sha256", kService).update("aws4_request").digest();
    const expected = createHmac("sha256", kSigning).update(stringToSign).digest("hex");
    const same = expected.length === signature.length &&
      timingSafeEqual(new TextEncoder().encode(expected), new TextEncoder().encode(signature));
    if (!same) {
      return s3Error(
        403,
        "SignatureDoesNotMatch",
        "The request signature we calculated does not match the signature you provided. Check your key and signing method.",
        { AWSAccessKeyId: keyId, StringToSign: stringToSign, CanonicalRequest: canonicalRequest },
      );
    }
    return null;
  }

  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, handle);
  return Promise.resolve({
    endpoint: `http://127.0.0.1:${server.addr.port}`,
    bucket,
    region,
    accessKeyId,
    secretAccessKey,
    objects,
    advanceClock(seconds) {
      offsetMs += seconds * 1000;
    },
    close: () => server.shutdown(),
  });
}

/** Query pairs as S3 reads them: split raw, then percent-decoded ('+' is a literal plus). */
function parseQuery(search: string): [string, string][] {
  if (search.length <= 1) return [];
  return search.slice(1).split("&").map((pair) => {
    const eq = pair.indexOf("=");
    const [k, v] = eq < 0 ? [pair, ""] : [pair.slice(0, eq), pair.slice(eq + 1)];
    return [decodeURIComponent(k), decodeURIComponent(v)];
  });
}

/** encodeURIComponent leaves !'()* alone; SigV4 wants them escaped too. */
function awsEncode(text: string): string {
  return encodeURIComponent(text).replace(
    /[!'()*]/g,
    (c) => "%" + c.charCodeAt(0).toString(16).toUpperCase(),
  );
}

/** 20150830T123600Z to milliseconds; NaN for anything else. */
function parseStamp(stamp: string): number {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(stamp);
  return m ? Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]) : NaN;
}

function requestId(): string {
  return crypto.randomUUID().replaceAll("-", "").slice(0, 16).toUpperCase();
}

function s3Error(
  status: number,
  code: string,
  message: string,
  extra: Record<string, string> = {},
): Response {
  const escape = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  const fields = Object.entries({ Code: code, Message: message, ...extra, RequestId: requestId() })
    .map(([name, value]) => `<${name}>${escape(value)}</${name}>`)
    .join("");
  return new Response(`<?xml version="1.0" encoding="UTF-8"?>\n<Error>${fields}</Error>`, {
    status,
    headers: { "Content-Type": "application/xml" },
  });
}
