import { describe, expect, test } from "vitest";
import { type Cidr, contains, overlaps, parseCidr } from "../../src/network/cidr.js";
import { derivedAddress } from "../../src/network/vnic-reads.js";

const cidr = (text: string): Cidr => {
  const parsed = parseCidr(text);
  if (typeof parsed === "string") throw new Error(parsed);
  return parsed;
};

describe("IPv4 CIDR blocks", () => {
  test("parses network address and size", () => {
    expect(cidr("10.0.0.0/16")).toMatchObject({ start: 0x0a000000, end: 0x0a00ffff, prefix: 16 });
    expect(cidr("192.168.255.252/30")).toMatchObject({ end: 0xc0a8ffff, prefix: 30 });
  });

  test.each([
    ["10.0.0.1/24", "host bits set; the network address is 10.0.0.0/24"],
    ["10.0.0.0/8", "between /16 and /30"],
    ["10.0.0.0/31", "between /16 and /30"],
    ["10.0.256.0/24", "above 255"],
    ["10.0.0/24", "not an IPv4 CIDR block"],
    ["fd00::/64", "not an IPv4 CIDR block"],
  ])("refuses %s", (text, problem) => {
    expect(parseCidr(text)).toContain(problem);
  });

  test("containment and overlap", () => {
    expect(contains(cidr("10.0.0.0/16"), cidr("10.0.255.0/24"))).toBe(true);
    expect(contains(cidr("10.0.0.0/16"), cidr("10.1.0.0/24"))).toBe(false);
    expect(overlaps(cidr("10.0.0.0/24"), cidr("10.0.0.128/25"))).toBe(true);
    expect(overlaps(cidr("10.0.0.0/25"), cidr("10.0.0.128/25"))).toBe(false);
  });

  test("derived VNIC addresses avoid the reserved first two and last address", () => {
    const block = cidr("10.0.0.0/30");
    // A /30 has exactly one address OCI lets a VNIC have: .2.
    for (const id of ["a", "b", "c", "d"]) expect(derivedAddress(block, id)).toBe("10.0.0.2");
    const wide = cidr("10.0.0.0/24");
    const addresses = ["v1", "v2", "v3", "v4", "v5"].map((id) => derivedAddress(wide, id));
    expect(
      addresses.every(
        (a) => /^10\.0\.0\.(\d+)$/.test(a) && Number(a.split(".")[3]) >= 2 && Number(a.split(".")[3]) <= 254,
      ),
    ).toBe(true);
    expect(derivedAddress(wide, "v1")).toBe(addresses[0]);
  });
});
