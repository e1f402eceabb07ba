/**
 * IPv4 CIDR blocks as OCI validates them: dotted quad, prefix /16 to /30 (the sizes OCI allows for VCNs and
 * subnets), and no host bits set — OCI rejects `10.0.0.1/24` rather than silently rounding it.
 */
export interface Cidr {
  text: string;
  /** Network address as an unsigned 32-bit number. */
  start: number;
  /** Last address of the block. */
  end: number;
  prefix: number;
}

export const MIN_PREFIX = 16;
export const MAX_PREFIX = 30;

/** The parsed block, or a sentence saying what is wrong with it. */
export function parseCidr(text: string): Cidr | string {
  const match = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(text);
  if (!match) return `"${text}" is not an IPv4 CIDR block such as 10.0.0.0/16`;
  const octets = match.slice(1, 5).map(Number);
  const prefix = Number(match[5]);
  if (octets.some((o) => o > 255)) return `"${text}" has an octet above 255`;
  if (prefix < MIN_PREFIX || prefix > MAX_PREFIX)
    return `"${text}" must have a prefix between /${MIN_PREFIX} and /${MAX_PREFIX}`;
  const address = octets.reduce((acc, o) => acc * 256 + o, 0);
  const size = 2 ** (32 - prefix);
  if (address % size !== 0)
    return `"${text}" has host bits set; the network address is ${toDotted(address - (address % size))}/${prefix}`;
  return { text, start: address, end: address + size - 1, prefix };
}

export const contains = (outer: Cidr, inner: Cidr): boolean => inner.start >= outer.start && inner.end <= outer.end;

export const overlaps = (a: Cidr, b: Cidr): boolean => a.start <= b.end && b.start <= a.end;

/** The address `offset` places after the block's network address. */
export const addressAt = (block: Cidr, offset: number): string => toDotted(block.start + offset);

export function toDotted(address: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(address / 2 ** shift) % 256).join(".");
}
