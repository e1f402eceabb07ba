/**
 * oci-common 2.139.1 signs `(request-target)` from the legacy `url.parse(uri).path` of the URL string it built,
 * while fetch puts the WHATWG-serialised form of that string on the request line. The two differ when a query value
 * holds non-ASCII text (WHATWG percent-encodes it, legacy leaves it raw) or one of ^ ` { | } \ (legacy
 * percent-encodes them, WHATWG leaves them raw) — e.g. ListContainerInstances with displayName=café. Rebuilding
 * the form oci-common signed lets those requests authenticate. Both forms decode to the same path and query, so
 * accepting either cannot change what the signed request means.
 */

/** Percent-encoded bytes 0x80–0xFF: where WHATWG encoded non-ASCII characters that legacy parsing leaves raw. */
const ENCODED_NON_ASCII = /(?:%[89A-Fa-f][0-9A-Fa-f])+/g;
/** Characters legacy url.parse escapes (its autoEscapeChars) but WHATWG leaves raw in paths or queries. */
const LEGACY_ONLY_ESCAPES = /[\\^`{|}]/g;

/**
 * The request target as oci-common 2.139.1 would have signed it, given the target fetch sent; undefined when the
 * two forms are the same (the common case, so a failed signature costs a second RSA verify only when it could help).
 */
export function legacySignedTarget(target: string): string | undefined {
  const legacy = target
    .replace(ENCODED_NON_ASCII, (encoded) => {
      try {
        return decodeURIComponent(encoded);
      } catch {
        // Not UTF-8, so no WHATWG serialiser produced it from text: the client sent these bytes encoded.
        return encoded;
      }
    })
    .replace(LEGACY_ONLY_ESCAPES, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`);
  return legacy === target ? undefined : legacy;
}
