import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { expectError, V } from "../operations/helpers.js";
import { type Harness, startHarness } from "../support/harness.js";
import type { SignedCall } from "../support/signed-inject.js";

/**
 * Malformed paths, query strings, headers and requests that reach no operation. Each row names the exact status,
 * OCI code and a message fragment naming the problem; none may be answered with a 5xx.
 */
let h: Harness;
let instanceId: string;
let containerId: string;
let workRequestId: string;
beforeAll(async () => {
  h = await startHarness();
  const created = await h.call({ method: "POST", path: `${V}/containerInstances`, body: h.createDetails() });
  instanceId = created.json().id;
  containerId = created.json().containers[0].containerId;
  workRequestId = created.headers["opc-work-request-id"] as string;
});
afterAll(() => h.close());

const LISTS = ["containerInstances", "containers", "workRequests", "containerInstanceShapes"];
const c = () => `compartmentId=${h.boot.compartmentId}`;

interface Row {
  name: string;
  call: () => SignedCall;
  status: number;
  code: string;
  message: string | RegExp;
}

const get = (path: string) => (): SignedCall => ({ method: "GET", path });

const ROWS: Row[] = [
  ...LISTS.map((list) => ({
    name: `${list} without compartmentId`,
    call: get(`${V}/${list}`),
    status: 400,
    code: "MissingParameter",
    message: "compartmentId: is required",
  })),
  ...["0", "-1", "abc", "1.5", "1001", "1e3"].flatMap((limit) =>
    LISTS.map((list) => ({
      name: `${list} limit=${limit}`,
      call: () => get(`${V}/${list}?${c()}&limit=${limit}`)(),
      status: 400,
      code: "InvalidParameter",
      message: `limit: `,
    })),
  ),
  {
    name: "unknown lifecycleState",
    call: () => get(`${V}/containerInstances?${c()}&lifecycleState=RUNNING`)(),
    status: 400,
    code: "InvalidParameter",
    message: /lifecycleState: must be one of CREATING, .*FAILED \(got "RUNNING"\)/,
  },
  {
    name: "lower-case lifecycleState",
    call: () => get(`${V}/containers?${c()}&lifecycleState=active`)(),
    status: 400,
    code: "InvalidParameter",
    message: "lifecycleState",
  },
  {
    name: "unknown sortBy",
    call: () => get(`${V}/containerInstances?${c()}&sortBy=name`)(),
    status: 400,
    code: "InvalidParameter",
    message: /sortBy: must be one of timeCreated, displayName/,
  },
  {
    name: "sortBy of another list",
    call: () => get(`${V}/workRequests?${c()}&sortBy=timeCreated`)(),
    status: 400,
    code: "InvalidParameter",
    message: 'sortBy: must be timeAccepted (got "timeCreated")',
  },
  {
    name: "lower-case sortOrder",
    call: () => get(`${V}/containers?${c()}&sortOrder=asc`)(),
    status: 400,
    code: "InvalidParameter",
    message: /sortOrder: must be one of ASC, DESC/,
  },
  {
    name: "unknown work request status",
    call: () => get(`${V}/workRequests?${c()}&status=DONE`)(),
    status: 400,
    code: "InvalidParameter",
    message: "status: must be one of ACCEPTED",
  },
  {
    name: "garbage page token",
    call: () => get(`${V}/containerInstances?${c()}&page=!!!`)(),
    status: 400,
    code: "InvalidParameter",
    message: "page: is not a page token",
  },
  {
    name: "tampered page token",
    call: () =>
      get(`${V}/containerInstances?${c()}&page=${Buffer.from('["timeCreated","DESC"').toString("base64url")}`)(),
    status: 400,
    code: "InvalidParameter",
    message: "page: is not a page token",
  },
  {
    name: "page token of another sort",
    call: () =>
      get(
        `${V}/containerInstances?${c()}&page=${Buffer.from('["displayName","ASC","a","b"]').toString("base64url")}`,
      )(),
    status: 400,
    code: "InvalidParameter",
    message: "page: the token was issued for sortBy=displayName",
  },
  {
    name: "garbage page token on work request logs",
    call: () => get(`${V}/workRequests/${workRequestId}/logs?page=xyz`)(),
    status: 400,
    code: "InvalidParameter",
    message: "page:",
  },
  {
    name: "garbage page token on shapes",
    call: () => get(`${V}/containerInstanceShapes?${c()}&page=xyz`)(),
    status: 400,
    code: "InvalidParameter",
    message: "page:",
  },
  {
    name: "isPrevious=maybe",
    call: () => ({ method: "POST", path: `${V}/containers/${containerId}/actions/retrieveLogs?isPrevious=maybe` }),
    status: 400,
    code: "InvalidParameter",
    message: 'isPrevious: must be true or false (got "maybe")',
  },
  {
    name: "opc-retry-token longer than 64",
    call: () => ({
      method: "POST",
      path: `${V}/containerInstances`,
      body: h.createDetails(),
      headers: { "opc-retry-token": "t".repeat(65) },
    }),
    status: 400,
    code: "InvalidParameter",
    message: "opc-retry-token",
  },
  {
    name: "whitespace as the id",
    call: get(`${V}/containerInstances/%20`),
    status: 400,
    code: "InvalidParameter",
    message: "containerInstanceId",
  },
  {
    name: "not an OCID",
    call: get(`${V}/containerInstances/not-an-ocid`),
    status: 404,
    code: "NotAuthorizedOrNotFound",
    message: "not-an-ocid",
  },
  {
    name: "an id of another resource type",
    call: () => get(`${V}/containerInstances/${containerId}`)(),
    status: 404,
    code: "NotAuthorizedOrNotFound",
    message: "container instance",
  },
  {
    name: "an encoded slash in the id",
    call: get(`${V}/containers/ocid1.computecontainer%2F..%2Fx`),
    status: 404,
    code: "NotAuthorizedOrNotFound",
    message: "ocid1.computecontainer/../x",
  },
  {
    name: "a malformed percent escape in the id",
    call: get(`${V}/containerInstances/%E0%A4%A`),
    status: 400,
    code: "InvalidParameter",
    message: "path is not a valid URL",
  },
  {
    name: "unknown path",
    call: get(`${V}/containerThings`),
    status: 404,
    code: "NotFound",
    message: "GET /20210415/containerThings",
  },
  {
    name: "unknown version",
    call: get("/20990101/containerInstances"),
    status: 404,
    code: "NotFound",
    message: "/20990101/containerInstances",
  },
  {
    name: "unknown action",
    call: () => ({ method: "POST", path: `${V}/containerInstances/${instanceId}/actions/explode` }),
    status: 404,
    code: "NotFound",
    message: "actions/explode",
  },
  {
    name: "GET on an action",
    call: () => get(`${V}/containerInstances/${instanceId}/actions/start`)(),
    status: 405,
    code: "MethodNotAllowed",
    message: "use POST",
  },
  {
    name: "DELETE on a collection",
    call: () => ({ method: "DELETE", path: `${V}/containerInstances` }),
    status: 405,
    code: "MethodNotAllowed",
    message: "use GET or POST",
  },
  {
    name: "PUT on a work request",
    call: () => ({ method: "PUT", path: `${V}/workRequests/${workRequestId}`, body: {} }),
    status: 405,
    code: "MethodNotAllowed",
    message: "use GET",
  },
];

describe("malformed parameters and requests", () => {
  test.each(ROWS)("$name → $status $code", async (row) => {
    const response = await h.call(row.call());
    expect(response.statusCode).toBeLessThan(500);
    expectError(response, row.status, row.code, row.message);
  });
});
