// Signed calls to a running `caisson serve`, for set-up and checks (not for the timed load itself).
import { httpClient } from "./http.mjs";
import { RequestSigner, readIdentity } from "./signing.mjs";

export class CaissonApi {
  /** `identity` (tenancy, user, key, compartment, subnet) stands in for the data directory's own user. */
  constructor(url, dataDir, { maxSockets = 16, identity } = {}) {
    this.url = url;
    this.identity = identity ?? readIdentity(dataDir);
    this.signer = new RequestSigner(this.identity);
    this.http = httpClient(url, { maxSockets });
  }

  /** A signed request prepared ahead of time, to be sent (possibly many times within 5 minutes) later. */
  prepare(method, path, body, extraHeaders) {
    return this.signer.sign(method, this.url, path, body, extraHeaders).then((signed) => ({ method, path, ...signed }));
  }

  send(prepared) {
    return this.http.request(prepared.method, prepared.path, { headers: prepared.headers, body: prepared.body });
  }

  async call(method, path, body, extraHeaders) {
    const response = await this.send(await this.prepare(method, path, body, extraHeaders));
    if (response.status >= 400) throw new Error(`${method} ${path} → ${response.status}: ${response.text}`);
    return response;
  }

  async availabilityDomains() {
    const response = await this.send(
      await this.prepare("GET", `/20160918/availabilityDomains?compartmentId=${this.identity.tenancyId}`),
    );
    if (response.status === 200) return response.json().map((ad) => ad.name);
    // Older servers: a create with a wrong AD names the valid ones.
    const probe = await this.send(await this.prepare("POST", "/20210415/containerInstances", this.createBody("none")));
    const names = /must be one of ([^"]+)/.exec(probe.text)?.[1];
    if (!names) throw new Error(`cannot learn availability domains: ${probe.status} ${probe.text}`);
    return names.split(", ").map((n) => n.trim());
  }

  /**
   * Lifts the bench tenancy's service limits (default 100 instances, 200 OCPUs per availability domain) so that
   * load runs measure throughput, not the limits. The bench tenancy is the operator's, which may set them.
   */
  async raiseServiceLimits(value = 1_000_000) {
    for (const name of ["container-instance-count", "ocpu-count", "memory-gb"]) {
      await this.call("PUT", `/_caisson/admin/tenancies/${this.identity.tenancyId}/limits/${name}`, { value });
    }
  }

  createBody(availabilityDomain, displayName) {
    return {
      compartmentId: this.identity.compartmentId,
      availabilityDomain,
      ...(displayName && { displayName }),
      shape: "CI.Standard.E4.Flex",
      shapeConfig: { ocpus: 1 },
      containers: [{ imageUrl: "busybox" }],
      vnics: [{ subnetId: this.identity.subnetId }],
    };
  }

  /** Polls a work request until it is finished or `timeoutMs` passes; resolves to its status. */
  async waitWorkRequest(id, timeoutMs = 30_000) {
    const deadline = Date.now() + timeoutMs;
    let delay = 5;
    while (Date.now() < deadline) {
      const wr = (await this.call("GET", `/20210415/workRequests/${id}`)).json();
      if (["SUCCEEDED", "FAILED", "CANCELED"].includes(wr.status)) return wr.status;
      await new Promise((r) => setTimeout(r, delay));
      delay = Math.min(delay * 2, 200);
    }
    throw new Error(`work request ${id} not finished after ${timeoutMs} ms`);
  }

  close() {
    this.http.close();
  }
}
