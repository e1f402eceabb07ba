// OCI request signing for benchmarks, by the official oci-common signer (the same code the OCI TypeScript SDK
// runs), so the server under test verifies exactly what real clients send.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import * as common from "oci-common";

/** Reads the identity `caisson serve` wrote into its data directory on first start. */
export function readIdentity(dataDir) {
  const info = JSON.parse(readFileSync(join(dataDir, "bootstrap.json"), "utf8"));
  return { ...info, privateKeyPem: readFileSync(info.keyFile, "utf8") };
}

export class RequestSigner {
  constructor(identity) {
    this.identity = identity;
    const provider = new common.SimpleAuthenticationDetailsProvider(
      identity.tenancyId,
      identity.userId,
      identity.fingerprint,
      identity.privateKeyPem,
      null,
      common.Region.US_ASHBURN_1,
    );
    this.signer = new common.DefaultRequestSigner(provider);
  }

  /**
   * Signed headers (a plain object) for one request. `baseUrl` must be the URL the request is sent to: the
   * host header is signed. A signature is valid for 5 minutes, so one signed GET can be replayed by a load
   * generator for a whole run.
   */
  async sign(method, baseUrl, path, body, extraHeaders = {}) {
    const text = body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body);
    const headers = new Headers({ "content-type": "application/json", ...extraHeaders });
    const request = { method, uri: `${baseUrl}${path}`, headers, body: text };
    await this.signer.signHttpRequest(request);
    return { headers: Object.fromEntries(headers.entries()), body: text };
  }
}
