import type { RuntimeServer } from "./harness.js";

/**
 * A VCN with one subnet, created through the Core API as a user would. Each engine gets its own address
 * range, so the two engines' suites (which run at the same time) never put two bridges with the same
 * CIDR on this host.
 */
export async function createSubnet(
  server: RuntimeServer,
  name: string,
  cidr: { vcn: string; subnet: string },
): Promise<{ vcnId: string; subnetId: string; remove(): Promise<void> }> {
  const compartmentId = server.serve.info.compartmentId;
  const vcn = await server.network.createVcn({
    createVcnDetails: { compartmentId, cidrBlocks: [cidr.vcn], displayName: `${name}-vcn` },
  });
  const subnet = await server.network.createSubnet({
    createSubnetDetails: { compartmentId, vcnId: vcn.vcn.id, cidrBlock: cidr.subnet, displayName: `${name}-subnet` },
  });
  return {
    vcnId: vcn.vcn.id,
    subnetId: subnet.subnet.id,
    remove: async () => {
      await server.network.deleteSubnet({ subnetId: subnet.subnet.id }).catch(() => {});
      await server.network.deleteVcn({ vcnId: vcn.vcn.id }).catch(() => {});
    },
  };
}

/** Per-engine second octet for subnets the suites create (see createSubnet). */
export const ENGINE_OCTET = { podman: 61, docker: 62 } as const;
