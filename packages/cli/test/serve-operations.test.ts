import * as common from "oci-common";
import * as ci from "oci-containerinstances";
import { afterEach, expect, test } from "vitest";
import { caisson } from "./support/cli-process.js";
import { type ServeProcess, startServe } from "./support/serve-process.js";

/** The operator's flags of `caisson serve`, against a real process. */
let serve: ServeProcess | undefined;
afterEach(async () => {
  await serve?.stop();
  serve = undefined;
});

function noRetryClient(s: ServeProcess): ci.ContainerInstanceClient {
  const provider = new common.ConfigFileAuthenticationDetailsProvider(s.configFile, "DEFAULT");
  const client = new ci.ContainerInstanceClient(
    { authenticationDetailsProvider: provider },
    { retryConfiguration: common.NoRetryConfigurationDetails, circuitBreaker: { noCircuit: true } as never },
  );
  client.endpoint = s.url;
  return client;
}

test("--rate-limit, --log-format json and /metrics: 429s for a flooding user, a JSON line per request, counts", async () => {
  serve = await startServe({ args: ["--rate-limit", "1", "--log-format", "json"] });
  const client = noRetryClient(serve);
  const request = { compartmentId: serve.info.compartmentId };
  const outcomes = await Promise.all(
    Array.from({ length: 5 }, () =>
      client.listContainerInstances(request).then(
        () => "ok",
        (error: common.OciError) => `${error.statusCode} ${error.serviceCode}`,
      ),
    ),
  );
  // A burst of two, then the bucket is empty for a second.
  expect(outcomes.filter((o) => o === "ok")).toHaveLength(2);
  expect(outcomes.filter((o) => o === "429 TooManyRequests")).toHaveLength(3);

  const metrics = await fetch(`${serve.url}/metrics`);
  expect(metrics.status).toBe(200);
  const text = await metrics.text();
  expect(text).toMatch(/caisson_http_requests_total\{operation="ListContainerInstances",status="429"\} 3\n/);
  expect(text).toMatch(/caisson_container_instances/);

  const lines = serve
    .output()
    .split("\n")
    .filter((l) => l.startsWith("{"))
    .map((l) => JSON.parse(l) as Record<string, unknown>);
  const requests = lines.filter((l) => l.msg === "request" && l.operation === "ListContainerInstances");
  expect(requests.map((l) => l.status).sort()).toEqual([200, 200, 429, 429, 429]);
  expect(requests[0]).toMatchObject({ tenancy: serve.info.tenancyId, method: "GET" });
  expect(requests[0]?.opcRequestId).toMatch(/^[\x21-\x7e]+$/);
});

test("bad values of the new flags are usage errors", async () => {
  for (const [args, message] of [
    [["--rate-limit", "1.5"], /--rate-limit must be a whole number/],
    [["--max-connections-per-client", "x"], /--max-connections-per-client must be a whole number/],
    [["--log-level", "loud"], /--log-level must be one of/],
    [["--log-format", "xml"], /--log-format must be json or pretty/],
    [["--console-session-ttl", "12"], /--console-session-ttl must be a duration from 1m to 30d/],
    [["--console-session-ttl", "31d"], /--console-session-ttl must be a duration from 1m to 30d/],
    [["--console-session-ttl", "30s"], /--console-session-ttl must be a duration from 1m to 30d/],
  ] as const) {
    const result = await caisson(["serve", ...args]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
  }
});
