import { makeOcid, toRfc3339 } from "@caisson/api";
import type { LightMyRequestResponse } from "fastify";
import { expect } from "vitest";
import type { Clock } from "../../src/clock.js";
import { availabilityDomains } from "../../src/identity/availability-domains.js";
import { compartmentRow, createTenancy } from "../../src/identity/tenancy-setup.js";
import { subnetRow, vcnRow } from "../../src/network/network-setup.js";
import type { Harness } from "../support/harness.js";
import type { Caller } from "../support/signed-inject.js";

export const V = "/20210415";

/** Re-exported for the operations tests, which have always imported it from here. */
export { ManualClock } from "../support/manual-clock.js";

/** The `x-date` a signer would write at the manual clock's time. */
export const dateHeader = (clock: Clock): Record<string, string> => ({ "x-date": clock.now().toUTCString() });

export interface Created {
  id: string;
  workRequestId: string;
  etag: string;
  body: Record<string, unknown> & { containers: Array<{ containerId: string; displayName: string }> };
  response: LightMyRequestResponse;
}

/** Creates an instance (CREATING) and checks the request was accepted. */
export async function createInstance(
  h: Harness,
  overrides: Record<string, unknown> = {},
  headers: Record<string, string> = {},
): Promise<Created> {
  const response = await h.call({
    method: "POST",
    path: `${V}/containerInstances`,
    body: h.createDetails(overrides),
    headers,
  });
  expect(response.statusCode, response.body).toBe(200);
  const body = response.json();
  return {
    id: body.id,
    workRequestId: response.headers["opc-work-request-id"] as string,
    etag: response.headers.etag as string,
    body,
    response,
  };
}

/** Creates an instance and runs its work request, so it is ACTIVE. */
export async function createActive(h: Harness, overrides: Record<string, unknown> = {}): Promise<Created> {
  const created = await createInstance(h, overrides);
  await h.engine.drain();
  return created;
}

export async function getInstance(h: Harness, id: string, as?: Caller): Promise<LightMyRequestResponse> {
  return h.call({ method: "GET", path: `${V}/containerInstances/${id}` }, as);
}

export async function stateOf(h: Harness, id: string): Promise<string> {
  const got = await getInstance(h, id);
  expect(got.statusCode, got.body).toBe(200);
  return got.json().lifecycleState;
}

/** Sends one of the bodyless instance actions (start, stop, restart). */
export async function action(
  h: Harness,
  id: string,
  name: "start" | "stop" | "restart",
  headers: Record<string, string> = {},
): Promise<LightMyRequestResponse> {
  return h.call({ method: "POST", path: `${V}/containerInstances/${id}/actions/${name}`, headers });
}

/** Asserts an OCI error answer: status, code, a message naming the problem, and the echoed request id. */
export function expectError(
  response: LightMyRequestResponse,
  status: number,
  code: string,
  messageIncludes?: string | RegExp,
): { code: string; message: string } {
  expect(response.statusCode, response.body).toBe(status);
  expect(response.headers["content-type"]).toMatch(/^application\/json/);
  const body = response.json();
  expect(Object.keys(body).sort()).toEqual(["code", "message"]);
  expect(body.code).toBe(code);
  expect(typeof body.message).toBe("string");
  if (messageIncludes !== undefined) {
    if (typeof messageIncludes === "string") expect(body.message).toContain(messageIncludes);
    else expect(body.message).toMatch(messageIncludes);
  }
  expect(response.headers["opc-request-id"]).toBeTruthy();
  return body;
}

/** Follows opc-next-page to the end; returns every item in order and how many pages it took. */
export async function listAll(
  h: Harness,
  path: string,
  query: Record<string, string | number>,
  as?: Caller,
): Promise<{ items: Array<Record<string, unknown>>; pages: number; tokens: string[] }> {
  const items: Array<Record<string, unknown>> = [];
  const tokens: string[] = [];
  let page: string | undefined;
  for (let pages = 1; pages <= 100; pages++) {
    const params = new URLSearchParams(Object.fromEntries(Object.entries(query).map(([k, v]) => [k, String(v)])));
    if (page) params.set("page", page);
    const response = await h.call({ method: "GET", path: `${path}?${params}` }, as);
    expect(response.statusCode, response.body).toBe(200);
    items.push(...response.json().items);
    page = response.headers["opc-next-page"] as string | undefined;
    if (!page) return { items, pages, tokens };
    tokens.push(page);
  }
  throw new Error(`${path} did not stop paginating after 100 pages`);
}

/** A second compartment in the bootstrap tenancy, written straight to the store (identity is not under test). */
export async function addCompartment(h: Harness, name: string): Promise<string> {
  const id = makeOcid("compartment", "us-ashburn-1");
  await h.store.identity.insertCompartment(
    compartmentRow({
      id,
      tenancyId: h.boot.tenancyId,
      parentId: h.boot.tenancyId,
      name,
      description: name,
      now: toRfc3339(new Date()),
    }),
  );
  return id;
}

export interface Stranger extends Caller {
  subnetId: string;
  ad: string;
  /** A valid CreateContainerInstanceDetails in the stranger's own root compartment and subnet. */
  createDetails(): Record<string, unknown>;
}

/**
 * Another tenancy with its own user, API key and subnet: a stranger to the bootstrap tenancy's resources that can
 * still create its own.
 */
export async function otherTenancy(h: Harness): Promise<Stranger> {
  const now = new Date();
  const region = "us-ashburn-1";
  const { tenancy, subnetId } = await h.store.transaction(async (repos) => {
    const tenancy = await createTenancy(repos, { name: "stranger", region, userName: "mallory", now });
    const vcn = vcnRow({
      tenancyId: tenancy.tenancyId,
      compartmentId: tenancy.tenancyId,
      region,
      cidrBlock: "10.1.0.0/16",
      now,
    });
    await repos.network.insertVcn(vcn);
    const subnet = subnetRow({
      tenancyId: tenancy.tenancyId,
      compartmentId: tenancy.tenancyId,
      vcn,
      region,
      cidrBlock: "10.1.0.0/24",
      now,
    });
    await repos.network.insertSubnet(subnet);
    return { tenancy, subnetId: subnet.id };
  });
  const ad = availabilityDomains(tenancy.tenancyId, region)[0]!;
  return {
    tenancyId: tenancy.tenancyId,
    userId: tenancy.userId,
    fingerprint: tenancy.apiKey.fingerprint,
    privateKeyPem: tenancy.apiKey.privateKeyPem,
    subnetId,
    ad,
    createDetails: () =>
      h.createDetails({ compartmentId: tenancy.tenancyId, availabilityDomain: ad, vnics: [{ subnetId }] }),
  };
}
