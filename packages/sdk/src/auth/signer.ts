import { createHash, createPrivateKey, createSign, type KeyObject } from "node:crypto";

/** What a signer sees and may change: it adds headers (at least `authorization`) in place. */
export interface SignableRequest {
  method: string;
  url: string;
  headers: Headers;
  /** The exact body text that will be sent, if any. */
  body?: string;
}

/** Anything that can authenticate a request, e.g. an API-key signer or a session-token signer. */
export interface RequestSigner {
  sign(request: SignableRequest): Promise<void> | void;
}

/** SHA-256 of the empty string, base64 — what OCI signs as `x-content-sha256` for a bodyless POST/PUT. */
export const EMPTY_BODY_SHA256 = "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=";

const BASE_HEADERS = ["x-date", "(request-target)", "host"];
// Mixed case on purpose: oci-common lists them this way in the Authorization header and we stay byte-identical.
const BODY_HEADERS = ["Content-Type", "Content-Length", "x-content-sha256"];
const METHODS_WITH_BODY = new Set(["POST", "PUT", "PATCH"]);

export interface ApiKeySignerOptions {
  tenancy: string;
  user: string;
  fingerprint: string;
  /** PEM text (PKCS#1 or PKCS#8, optionally encrypted) or an already loaded key. */
  privateKey: string | KeyObject;
  passphrase?: string;
  /** Source of `x-date` when the request has none; defaults to the system time. */
  now?: () => number;
}

/**
 * OCI HTTP Signatures version 1 with an API key (draft-cavage-http-signatures-08, RSA-SHA256), producing the same
 * `Authorization` header as oci-common's `DefaultRequestSigner` for the same inputs.
 */
export class ApiKeySigner implements RequestSigner {
  readonly keyId: string;
  readonly #key: KeyObject;
  readonly #now: () => number;

  constructor(options: ApiKeySignerOptions) {
    this.keyId = `${options.tenancy}/${options.user}/${options.fingerprint}`;
    this.#key =
      typeof options.privateKey === "string"
        ? createPrivateKey({ key: options.privateKey, format: "pem", passphrase: options.passphrase })
        : options.privateKey;
    this.#now = options.now ?? Date.now;
  }

  sign(request: SignableRequest): void {
    const url = new URL(request.url);
    const { headers } = request;
    if (!headers.has("host")) headers.set("host", url.host);
    if (!headers.has("x-date")) headers.set("x-date", new Date(this.#now()).toUTCString());

    const method = request.method.toUpperCase();
    const signed = [...BASE_HEADERS];
    if (METHODS_WITH_BODY.has(method)) {
      if (!headers.has("content-type")) headers.set("content-type", "application/json");
      const body = request.body ?? "";
      headers.set("x-content-sha256", body === "" ? EMPTY_BODY_SHA256 : sha256Base64(body));
      if (!headers.has("content-length")) headers.set("content-length", String(Buffer.byteLength(body, "utf8")));
      signed.push(...BODY_HEADERS);
    }

    const target = `${method.toLowerCase()} ${url.pathname}${url.search}`;
    const signingString = signed
      .map((name) => {
        const lower = name.toLowerCase();
        return lower === "(request-target)" ? `${lower}: ${target}` : `${lower}: ${headers.get(lower) ?? ""}`;
      })
      .join("\n");
    const signature = createSign("RSA-SHA256").update(signingString, "utf8").sign(this.#key, "base64");
    headers.set(
      "authorization",
      `Signature version="1",keyId="${this.keyId}",algorithm="rsa-sha256",headers="${signed.join(" ")}",signature="${signature}"`,
    );
  }
}

function sha256Base64(text: string): string {
  return createHash("sha256").update(text, "utf8").digest("base64");
}
