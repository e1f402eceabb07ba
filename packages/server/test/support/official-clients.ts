import type { AddressInfo } from "node:net";
import * as common from "oci-common";
import type { Harness } from "./harness.js";
import type { Caller } from "./signed-inject.js";

/**
 * Makes the harness listen on a free loopback port and returns what the official clients need: an
 * authentication provider for the caller and the endpoint to point them at (they append /20160918 themselves).
 */
export async function listenForOfficialClients(h: Harness, caller: Caller = h.caller) {
  await h.app.listen({ port: 0, host: "127.0.0.1" });
  const { port } = h.app.server.address() as AddressInfo;
  const authenticationDetailsProvider = new common.SimpleAuthenticationDetailsProvider(
    caller.tenancyId,
    caller.userId,
    caller.fingerprint,
    caller.privateKeyPem,
    null,
    common.Region.US_ASHBURN_1,
  );
  // No retries: a test must see the first answer, and a retried 409 would only slow a failure down.
  const clientConfiguration: common.ClientConfiguration = { retryConfiguration: common.NoRetryConfigurationDetails };
  return { endpoint: `http://127.0.0.1:${port}`, authenticationDetailsProvider, clientConfiguration };
}
