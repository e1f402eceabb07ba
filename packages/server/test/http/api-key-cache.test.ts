import { expect, test } from "vitest";
import { ApiKeyCache } from "../../src/http/api-key-cache.js";

const key = { publicKeyPem: "pem", tenancyId: "t", userId: "u" };

test("a found key is served from the cache until its time to live has passed", async () => {
  let now = 0;
  let loads = 0;
  const cache = new ApiKeyCache(() => now, 5_000);
  const load = async () => {
    loads++;
    return key;
  };
  expect(await cache.get("k", load)).toEqual(key);
  now = 4_999;
  expect(await cache.get("k", load)).toEqual(key);
  expect(loads).toBe(1);
  now = 5_000;
  await cache.get("k", load);
  expect(loads).toBe(2);
});

test("a missing key is looked up again every time, so a new key works at once", async () => {
  let stored: typeof key | undefined;
  let loads = 0;
  const cache = new ApiKeyCache(() => 0);
  const load = async () => {
    loads++;
    return stored;
  };
  expect(await cache.get("k", load)).toBeUndefined();
  stored = key;
  expect(await cache.get("k", load)).toEqual(key);
  expect(loads).toBe(2);
});

test("the cache holds at most its capacity", async () => {
  let loads = 0;
  const cache = new ApiKeyCache(() => 0, 5_000, 2);
  const load = async () => {
    loads++;
    return key;
  };
  for (const id of ["a", "b", "c", "a"]) await cache.get(id, load);
  expect(loads).toBe(4);
});

test("a forgotten key is looked up again at once, and a lookup racing the deletion caches nothing", async () => {
  let stored: typeof key | undefined = key;
  let loads = 0;
  const cache = new ApiKeyCache(() => 0);
  const id = { tenancyId: "t", userId: "u", fingerprint: "f" };
  const load = async () => {
    loads++;
    return stored;
  };
  expect(await cache.get(id, load)).toEqual(key);
  stored = undefined;
  cache.forget("u", "f");
  expect(await cache.get(id, load)).toBeUndefined();
  expect(loads).toBe(2);

  // A lookup that read the key just before it was deleted must not put it back in the cache.
  stored = key;
  let release: () => void = () => {};
  const slowLoad = () =>
    new Promise<typeof key | undefined>((resolve) => {
      release = () => resolve(key);
    });
  const racing = cache.get(id, slowLoad);
  stored = undefined;
  cache.forget("u", "f");
  release();
  expect(await racing).toEqual(key);
  expect(await cache.get(id, load)).toBeUndefined();
});
