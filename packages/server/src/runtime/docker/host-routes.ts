import { readFile } from "node:fs/promises";

/** An IPv4 block as two unsigned 32-bit numbers. */
export interface RouteBlock {
  start: number;
  end: number;
}
type Block = RouteBlock;

/** RFC 1918 and shared address space (RFC 6598): the ranges a bridge may take without shadowing the internet. */
const PRIVATE_RANGES = ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10"].map(parseBlock);

function parseBlock(cidr: string): Block {
  const [base, bitsText] = cidr.split("/");
  const bits = Number(bitsText);
  const start = (base ?? "").split(".").reduce((acc, part) => acc * 256 + Number(part), 0);
  return { start, end: start + 2 ** (32 - bits) - 1 };
}

const overlaps = (a: Block, b: Block) => a.start <= b.end && b.start <= a.end;
const inside = (inner: Block, outer: Block) => inner.start >= outer.start && inner.end <= outer.end;

/** /proc/net/route holds addresses in host byte order (little-endian on the machines Caisson runs on). */
function hexAddress(hex: string): number {
  const value = Number.parseInt(hex, 16);
  return (
    (((value & 0xff) << 24) >>> 0) + ((value >>> 8) & 0xff) * 65536 + ((value >>> 16) & 0xff) * 256 + (value >>> 24)
  );
}

/** The host's IPv4 routes except the default route, from /proc/net/route; empty where it cannot be read. */
export async function hostRoutes(file = "/proc/net/route"): Promise<Block[]> {
  const text = await readFile(file, "utf8").catch(() => "");
  return text
    .split("\n")
    .slice(1)
    .map((line) => line.trim().split(/\s+/))
    .filter((fields) => fields.length >= 8 && fields[7] !== "00000000")
    .map((fields) => {
      const start = hexAddress(fields[1]!);
      const mask = hexAddress(fields[7]!);
      return { start, end: start + (~mask >>> 0) };
    });
}

/**
 * Why a tenant's subnet CIDR must not become an engine bridge on this host, or undefined when it may. A bridge
 * adds a host route: one that duplicates or shadows a route the host already has (its own LAN, another bridge)
 * would take the host's traffic for that range, and one outside the private ranges would shadow part of the
 * internet for every tenant. Tenants choose VCN ranges freely, as in OCI, so such a subnet still works: the
 * engine picks the bridge's range instead, and the instance reports the address it really got.
 */
export function bridgeCidrProblem(cidr: string, routes: readonly Block[]): string | undefined {
  const block = parseBlock(cidr);
  if (!PRIVATE_RANGES.some((range) => inside(block, range))) return `${cidr} is not a private range`;
  if (routes.some((route) => overlaps(route, block))) return `${cidr} overlaps a route of this host`;
  return undefined;
}
