import { describe, expect, test } from "vitest";
import { DEFAULT_PUBLISH_POLICY, parsePublishPolicy, requireAllowedByPolicy } from "../../src/ports/publish-policy.js";
import { MAX_PUBLISHED_PORTS, PublishRefused, parsePublishSpec } from "../../src/ports/publish-spec.js";

describe("the caisson.publish grammar", () => {
  test("HOST:CONTAINER, with an optional address and protocol; the address defaults to 127.0.0.1, tcp", () => {
    expect(parsePublishSpec(" 8080:80 , 10.0.0.5:8443:443/TCP,5353:53/udp")).toEqual([
      { hostAddress: "127.0.0.1", hostPort: 8080, containerPort: 80, protocol: "tcp" },
      { hostAddress: "10.0.0.5", hostPort: 8443, containerPort: 443, protocol: "tcp" },
      { hostAddress: "127.0.0.1", hostPort: 5353, containerPort: 53, protocol: "udp" },
    ]);
  });

  test.each([
    ["", /names no port/],
    ["8080", /not a port mapping/],
    ["8080:80/sctp", /not a port mapping/],
    ["a:b", /not a port mapping/],
    ["[::1]:8080:80", /not a port mapping/],
    ["300.0.0.1:8080:80", /invalid IPv4/],
    ["0:80", /host port 0 outside/],
    ["8080:70000", /container port 70000 outside/],
    ["99999:80", /host port 99999 outside/],
    ["8080:80,127.0.0.1:8080:81", /named twice/],
  ])("refuses %j", (value, message) => {
    expect(() => parsePublishSpec(value)).toThrow(PublishRefused);
    expect(() => parsePublishSpec(value)).toThrow(message);
  });

  test(`at most ${MAX_PUBLISHED_PORTS} ports per instance`, () => {
    const many = Array.from({ length: MAX_PUBLISHED_PORTS + 1 }, (_, i) => `${20000 + i}:80`).join(",");
    expect(() => parsePublishSpec(many)).toThrow(/at most 16/);
  });
});

describe("the operator's --publish-ports policy", () => {
  const ports = (text: string) => parsePublishSpec(text);

  test("the default publishes loopback ports from 1024 up, nothing else", () => {
    expect(() => requireAllowedByPolicy(DEFAULT_PUBLISH_POLICY, ports("18080:80"))).not.toThrow();
    expect(() => requireAllowedByPolicy(DEFAULT_PUBLISH_POLICY, ports("0.0.0.0:18080:80"))).toThrow(/not allowed/);
    expect(() => requireAllowedByPolicy(DEFAULT_PUBLISH_POLICY, ports("192.168.1.4:18080:80"))).toThrow(/not allowed/);
    expect(() => requireAllowedByPolicy(DEFAULT_PUBLISH_POLICY, ports("22:22"))).toThrow(/below 1024/);
  });

  test("ranges per address, and off", () => {
    const policy = parsePublishPolicy("127.0.0.1:8000-8099, 0.0.0.0:9000-9000");
    expect(() => requireAllowedByPolicy(policy, ports("8050:80,0.0.0.0:9000:80"))).not.toThrow();
    expect(() => requireAllowedByPolicy(policy, ports("8100:80"))).toThrow(/127.0.0.1:8100 is not allowed/);
    expect(() => requireAllowedByPolicy(parsePublishPolicy("off"), ports("8050:80"))).toThrow(/turned off/);
    expect(() => requireAllowedByPolicy(parsePublishPolicy("off"), [])).not.toThrow();
  });

  test.each(["", "8000-9000", "127.0.0.1:9000-8000", "127.0.0.1:80-9000", "127.0.0.1:1024-70000", "on"])(
    "refuses %j at start",
    (text) => {
      expect(() => parsePublishPolicy(text)).toThrow(/--publish-ports/);
    },
  );
});
