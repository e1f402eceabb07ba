import { parse } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { legacySignedTarget } from "../../src/auth/request-target.js";
import { verifySignature } from "../../src/auth/signature-verifier.js";
import { testApiKey } from "../support/test-keys.js";
import { depsFor, signWithOciCommon, type TestKey } from "./signing-fixtures.js";

let key: TestKey;
beforeAll(async () => {
  key = testApiKey(0);
});

// URL strings as oci-common's request generator builds them: query values concatenated without encoding (K.2).
const built = [
  "/20210415/containerInstances?compartmentId=c&displayName=café",
  "/20210415/containerInstances?displayName=a|b^c{d}`e",
  "/20210415/containerInstances?displayName=my name 日本",
  "/20210415/containerInstances?displayName=50%25 off",
  "/20210415/containerInstances/ocid1.computecontainerinstance.oc1.iad.aaaa",
];

describe("legacySignedTarget", () => {
  it("turns what fetch sends back into what oci-common 2.139.1 signed", () => {
    for (const path of built) {
      const url = new URL(`https://h${path}`);
      const sent = `${url.pathname}${url.search}`;
      // url.parse is deprecated, but it is exactly what oci-common 2.139.1's signer calls.
      const signed = parse(`https://h${path}`).path!;
      expect(legacySignedTarget(sent) ?? sent).toBe(signed);
    }
  });

  it("leaves ordinary targets and bytes that are not UTF-8 alone", () => {
    expect(legacySignedTarget("/20210415/workRequests?compartmentId=ocid1.compartment.oc1..x&limit=5")).toBeUndefined();
    expect(legacySignedTarget("/x?v=%FF%41")).toBeUndefined();
  });
});

describe("verifySignature with query values the two URL parsers serialise differently", () => {
  it.each([
    ["non-ASCII", "café ☕"],
    ["legacy-escaped punctuation", "a|b^c{d}"],
  ])("accepts oci-common's signature over a %s display name", async (_, displayName) => {
    const request = await signWithOciCommon(key, {
      method: "GET",
      path: `/20210415/containerInstances?compartmentId=c&displayName=${displayName}`,
    });
    // Without the legacy form this request would fail: what was sent is not what was signed.
    expect(legacySignedTarget(request.target)).toBeDefined();
    await expect(verifySignature(request, depsFor([key]))).resolves.toMatchObject({ fingerprint: key.fingerprint });
  });
});
