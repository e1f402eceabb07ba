import * as ci from "oci-containerinstances";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { V } from "../operations/helpers.js";
import { type Harness, startHarness } from "../support/harness.js";
import { listenForOfficialClients } from "../support/official-clients.js";

/**
 * Every filter that can hold a space or a plus, read from the exact raw query strings the clients send:
 * - the OCI Python SDK and the OCI CLI (`requests`): a space as `+`, a plus as `%2B`, `%` as `%25`;
 * - any RFC 3986 encoder (Caisson's SDK, curl --data-urlencode, browsers): a space as `%20`;
 * - the official TypeScript SDK: values pasted raw; Node's URL parser turns a space into `%20` and leaves a `+`.
 * Every request is signed over that raw target, so a 200 also proves decoding did not change what was verified.
 */
let h: Harness;
const ids: Record<string, Record<string, string>> = { instance: {}, container: {}, vcn: {}, subnet: {} };
const NAMES = ["two words", "a+b", "50% off"];

beforeAll(async () => {
  h = await startHarness();
  for (const name of NAMES) {
    const instance = await h.call({
      method: "POST",
      path: `${V}/containerInstances`,
      body: h.createDetails({ displayName: name, containers: [{ imageUrl: "busybox", displayName: name }] }),
    });
    expect(instance.statusCode).toBe(200);
    ids.instance![name] = instance.json().id;
    ids.container![name] = instance.json().containers[0].containerId;
    const vcn = await h.call({
      method: "POST",
      path: "/20160918/vcns",
      body: {
        compartmentId: h.boot.compartmentId,
        cidrBlocks: [`10.${NAMES.indexOf(name) + 1}.0.0/16`],
        displayName: name,
      },
    });
    expect(vcn.statusCode).toBe(200);
    ids.vcn![name] = vcn.json().id;
    const subnet = await h.call({
      method: "POST",
      path: "/20160918/subnets",
      body: {
        compartmentId: h.boot.compartmentId,
        vcnId: h.boot.vcnId,
        cidrBlock: `10.0.${NAMES.indexOf(name) + 10}.0/24`,
        displayName: name,
      },
    });
    expect(subnet.statusCode).toBe(200);
    ids.subnet![name] = subnet.json().id;
  }
  await h.engine.drain();
});
afterAll(() => h.close());

const FILTERS = [
  {
    kind: "instance",
    path: `${V}/containerInstances`,
    items: (body: { items: Array<{ id: string }> }) => body.items.map((i) => i.id),
  },
  {
    kind: "container",
    path: `${V}/containers`,
    items: (body: { items: Array<{ id: string }> }) => body.items.map((i) => i.id),
  },
  { kind: "vcn", path: "/20160918/vcns", items: (body: Array<{ id: string }>) => body.map((i) => i.id) },
  { kind: "subnet", path: "/20160918/subnets", items: (body: Array<{ id: string }>) => body.map((i) => i.id) },
] as const;

async function found(filter: (typeof FILTERS)[number], rawValue: string): Promise<string[]> {
  const scope = filter.kind === "subnet" ? `&vcnId=${h.boot.vcnId}` : "";
  const response = await h.call({
    method: "GET",
    path: `${filter.path}?compartmentId=${h.boot.compartmentId}${scope}&displayName=${rawValue}`,
  });
  expect(response.statusCode, response.body).toBe(200);
  return filter.items(response.json());
}

describe.each(FILTERS)("displayName on $path", (filter) => {
  const id = (name: string) => ids[filter.kind]![name]!;

  test("Python SDK / OCI CLI: '+' is a space, '%2B' a plus, '%25' a percent", async () => {
    expect(await found(filter, "two+words")).toEqual([id("two words")]);
    expect(await found(filter, "a%2Bb")).toEqual([id("a+b")]);
    expect(await found(filter, "50%25+off")).toEqual([id("50% off")]);
  });

  test("RFC 3986 encoders: '%20' is a space", async () => {
    expect(await found(filter, "two%20words")).toEqual([id("two words")]);
    expect(await found(filter, "50%25%20off")).toEqual([id("50% off")]);
  });

  test("TypeScript SDK, raw values: a space finds its name; a raw '+' reads as a space, as in the cloud", async () => {
    expect(await found(filter, "two words")).toEqual([id("two words")]);
    // The documented quirk of that SDK: "a+b" arrives as "a b", which no resource is called.
    expect(await found(filter, "a+b")).toEqual([]);
  });
});

test("a '+' inside a name that also exists with a space finds the spaced one (form decoding, not a guess)", async () => {
  const spaced = await h.call({
    method: "POST",
    path: `${V}/containerInstances`,
    body: h.createDetails({ displayName: "a b" }),
  });
  expect(await found(FILTERS[0], "a+b")).toEqual([spaced.json().id]);
});

describe("the official TypeScript SDK (oci-containerinstances), over a real socket", () => {
  test("a raw '+' means a space, as documented; encoding the value first finds the name with the plus", async () => {
    const { endpoint, authenticationDetailsProvider, clientConfiguration } = await listenForOfficialClients(h);
    const client = new ci.ContainerInstanceClient({ authenticationDetailsProvider }, clientConfiguration);
    client.endpoint = endpoint;
    const names = async (displayName: string) =>
      (
        await client.listContainerInstances({ compartmentId: h.boot.compartmentId, displayName })
      ).containerInstanceCollection.items.map((i) => i.displayName);
    for (const displayName of ["c d", "c+d"]) {
      const created = await h.call({
        method: "POST",
        path: `${V}/containerInstances`,
        body: h.createDetails({ displayName }),
      });
      expect(created.statusCode).toBe(200);
    }
    expect(await names("two words")).toEqual(["two words"]);
    expect(await names("c+d")).toEqual(["c d"]);
    expect(await names(encodeURIComponent("c+d"))).toEqual(["c+d"]);
    client.close();
  });
});
