/**
 * Parses the `Authorization: Signature …` header of OCI HTTP signatures (draft-cavage-http-signatures-08).
 * Signers differ in parameter order (oci-common: version, keyId, algorithm, headers, signature; the Python SDK:
 * algorithm, headers, keyId, signature, version), so parameters are collected by name, never by position.
 */
import { AuthenticationError } from "./errors.js";

export interface SignatureParams {
  keyId: string;
  algorithm: string;
  /** Signed header names, lower-cased, in signing order. oci-common sends mixed case ("Content-Type"). */
  headers: string[];
  signature: Buffer;
}

const SCHEME = "signature";
const KNOWN_PARAMS = new Set(["version", "keyid", "algorithm", "headers", "signature"]);
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

export function parseAuthorizationHeader(value: string | undefined): SignatureParams {
  if (value === undefined || value.trim() === "") throw new AuthenticationError("missing authorization header");
  const trimmed = value.trim();
  const space = trimmed.search(/\s/);
  const scheme = space === -1 ? trimmed : trimmed.slice(0, space);
  if (scheme.toLowerCase() !== SCHEME) {
    throw new AuthenticationError(`authorization scheme must be "Signature", got "${scheme.slice(0, 20)}"`);
  }
  const params = readParams(space === -1 ? "" : trimmed.slice(space + 1));

  const version = params.get("version");
  if (version !== undefined && version !== "1") {
    throw new AuthenticationError(`unsupported signature version "${version}"; only "1" is supported`);
  }
  const keyId = required(params, "keyid", "keyId");
  const algorithm = required(params, "algorithm", "algorithm");
  const signature = required(params, "signature", "signature");
  if (!BASE64.test(signature)) throw new AuthenticationError("malformed authorization header: signature is not base64");
  // draft-cavage: when `headers` is absent only `date` is signed; the required-header check then rejects it.
  const headers = (params.get("headers") ?? "date").toLowerCase().split(/\s+/).filter(Boolean);
  return { keyId, algorithm: algorithm.toLowerCase(), headers, signature: Buffer.from(signature, "base64") };
}

function readParams(text: string): Map<string, string> {
  const params = new Map<string, string>();
  // One `name="value"` pair followed by a comma or the end; values never contain quotes in this scheme.
  // Built per call: a sticky regex carries lastIndex, which must not be shared between requests.
  const pair = /\s*([A-Za-z]+)\s*=\s*"([^"]*)"\s*(?:,|$)/y;
  while (pair.lastIndex < text.length) {
    const at = pair.lastIndex;
    const match = pair.exec(text);
    if (!match) {
      throw new AuthenticationError(
        `malformed authorization header: cannot parse parameters at "${excerpt(text, at)}"`,
      );
    }
    const name = match[1]!.toLowerCase();
    // Unknown parameters are ignored, as draft-cavage asks; a repeated one is ambiguous, so it is an error.
    if (!KNOWN_PARAMS.has(name)) continue;
    if (params.has(name)) throw new AuthenticationError(`malformed authorization header: "${match[1]}" appears twice`);
    params.set(name, match[2]!);
  }
  return params;
}

function required(params: Map<string, string>, name: string, display: string): string {
  const value = params.get(name);
  if (value === undefined || value === "") {
    throw new AuthenticationError(`malformed authorization header: parameter "${display}" is missing`);
  }
  return value;
}

function excerpt(text: string, at: number): string {
  const rest = text.slice(at).trim();
  return rest.length > 30 ? `${rest.slice(0, 30)}…` : rest;
}
