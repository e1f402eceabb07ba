import * as common from "oci-common";
import * as ci from "oci-containerinstances";
import * as core from "oci-core";
import * as identity from "oci-identity";

/**
 * The official ContainerInstanceClient configured exactly as a user would: from the config file Caisson
 * wrote, with the endpoint pointed at the local server. Retries stay at the SDK default; the circuit breaker
 * is off so one test's failures cannot open it for the next.
 */
export function officialClient(configFile: string, url: string): ci.ContainerInstanceClient {
  const provider = new common.ConfigFileAuthenticationDetailsProvider(configFile, "DEFAULT");
  const client = new ci.ContainerInstanceClient(
    { authenticationDetailsProvider: provider },
    { circuitBreaker: { noCircuit: true } as never },
  );
  client.endpoint = url;
  return client;
}

/** The official IdentityClient on the same server, configured the same way. */
export function officialIdentityClient(configFile: string, url: string): identity.IdentityClient {
  const provider = new common.ConfigFileAuthenticationDetailsProvider(configFile, "DEFAULT");
  const client = new identity.IdentityClient(
    { authenticationDetailsProvider: provider },
    { circuitBreaker: { noCircuit: true } as never },
  );
  client.endpoint = url;
  return client;
}

/** The official oci-core VirtualNetworkClient on the same server (GetVnic, UpdateVnic), configured the same way. */
export function officialCoreClient(configFile: string, url: string): core.VirtualNetworkClient {
  const provider = new common.ConfigFileAuthenticationDetailsProvider(configFile, "DEFAULT");
  const client = new core.VirtualNetworkClient(
    { authenticationDetailsProvider: provider },
    { circuitBreaker: { noCircuit: true } as never },
  );
  client.endpoint = url;
  return client;
}
