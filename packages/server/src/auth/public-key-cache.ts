/**
 * A small least-recently-used cache of parsed public keys. Parsing a PEM costs far more than an RSA-2048 verify,
 * and a busy client signs every request with the same key, so each verifier instance keeps the keys it has seen.
 */
import type { KeyObject } from "node:crypto";
import { parsePublicKey } from "./api-key.js";

export class PublicKeyCache {
  // A Map iterates in insertion order, so re-inserting on a hit makes the first key the least recently used.
  private readonly keys = new Map<string, KeyObject>();

  constructor(private readonly capacity = 256) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError("capacity must be a positive integer");
  }

  /** The parsed key for `pem`; throws InvalidApiKeyError if the PEM is not an acceptable OCI API key. */
  get(pem: string): KeyObject {
    const cached = this.keys.get(pem);
    if (cached) {
      this.keys.delete(pem);
      this.keys.set(pem, cached);
      return cached;
    }
    const key = parsePublicKey(pem);
    if (this.keys.size >= this.capacity) this.keys.delete(this.keys.keys().next().value!);
    this.keys.set(pem, key);
    return key;
  }

  get size(): number {
    return this.keys.size;
  }
}
