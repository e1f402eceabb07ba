import { beforeAll, describe, expect, it } from "vitest";
import type { ApiKey } from "../../src/auth/api-key.js";
import { InvalidApiKeyError } from "../../src/auth/errors.js";
import { PublicKeyCache } from "../../src/auth/public-key-cache.js";
import { testApiKey } from "../support/test-keys.js";

let keys: ApiKey[];

beforeAll(async () => {
  keys = [testApiKey(0), testApiKey(1), testApiKey(2)];
});

describe("PublicKeyCache", () => {
  it("parses a PEM once and hands back the same KeyObject afterwards", () => {
    const cache = new PublicKeyCache(2);
    const first = cache.get(keys[0]!.publicKeyPem);
    expect(cache.get(keys[0]!.publicKeyPem)).toBe(first);
    expect(first.asymmetricKeyType).toBe("rsa");
  });

  it("evicts the least recently used key when full", () => {
    const [a, b, c] = keys.map((k) => k.publicKeyPem) as [string, string, string];
    const cache = new PublicKeyCache(2);
    const keyA = cache.get(a);
    const keyB = cache.get(b);
    cache.get(a); // a is now the most recently used
    cache.get(c); // evicts b
    expect(cache.size).toBe(2);
    expect(cache.get(a)).toBe(keyA);
    expect(cache.get(b)).not.toBe(keyB);
  });

  it("refuses unacceptable keys without caching them", () => {
    const cache = new PublicKeyCache();
    expect(() => cache.get("not a key")).toThrow(InvalidApiKeyError);
    expect(cache.size).toBe(0);
  });

  it("rejects a capacity that is not a positive integer", () => {
    expect(() => new PublicKeyCache(0)).toThrow(RangeError);
  });
});
