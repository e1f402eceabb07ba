// biome-ignore-all lint/suspicious/noExplicitAny: tests poke deliberately ill-typed JSON; a precise type would only restate the schema
import { describe, expect, it } from "vitest";
import { MAX_CONTAINERS } from "../src/limits.js";
import { CreateContainerInstanceDetails, UpdateContainerInstanceDetails } from "../src/models/index.js";
import { checkCreateContainerInstanceLimits, validate } from "../src/validate.js";

/** A body using every feature of the create request; it must pass both checks. */
function maximalBody(): Record<string, any> {
  return {
    displayName: "web",
    compartmentId: "ocid1.compartment.oc1..aaaa",
    availabilityDomain: "Uocm:PHX-AD-1",
    faultDomain: "FAULT-DOMAIN-1",
    shape: "CI.Standard.E4.Flex",
    shapeConfig: { ocpus: 2, memoryInGBs: 8 },
    volumes: [
      { name: "scratch", volumeType: "EMPTYDIR", backingStore: "MEMORY" },
      {
        name: "config",
        volumeType: "CONFIGFILE",
        configs: [{ fileName: "app.conf", data: Buffer.from("port=80").toString("base64"), path: "etc" }],
      },
      {
        name: "shared",
        volumeType: "OCI_FSS_FILE_SYSTEM",
        mountTarget: { ociFssMountTargetType: "OCID", id: "ocid1.mounttarget.oc1.iad.aaaa" },
        export: { ociFssExportType: "OCID", id: "ocid1.export.oc1.iad.aaaa" },
        security: { auth: "SYS", isEncryptedInTransit: true },
        mountCommand: { mountOptions: [{ option: "nfsvers", value: "3" }] },
      },
    ],
    containers: [
      {
        displayName: "nginx",
        imageUrl: "nginx:1.27",
        command: ["nginx"],
        arguments: ["-g", "daemon off;"],
        workingDirectory: "/",
        environmentVariables: { MODE: "prod" },
        volumeMounts: [
          { mountPath: "/scratch", volumeName: "scratch" },
          { mountPath: "/etc/app", volumeName: "config", isReadOnly: true },
        ],
        isResourcePrincipalDisabled: true,
        resourceConfig: { vcpusLimit: 4, memoryLimitInGBs: 8 },
        healthChecks: [
          {
            healthCheckType: "HTTP",
            path: "/",
            port: 80,
            headers: [{ name: "Host", value: "x" }],
            failureAction: "KILL",
          },
          { healthCheckType: "TCP", port: 80, intervalInSeconds: 10 },
        ],
        securityContext: {
          securityContextType: "LINUX",
          runAsUser: 1000,
          runAsGroup: 1000,
          capabilities: { addCapabilities: ["CAP_NET_BIND_SERVICE"], dropCapabilities: ["ALL"] },
        },
        freeformTags: { team: "web" },
        definedTags: { ops: { owner: "me" } },
      },
    ],
    vnics: [{ subnetId: "ocid1.subnet.oc1.iad.aaaa", isPublicIpAssigned: false, nsgIds: [] }],
    dnsConfig: { nameservers: ["1.1.1.1"], searches: ["local"], options: ["ndots:2"] },
    gracefulShutdownTimeoutInSeconds: 10,
    imagePullSecrets: [
      { secretType: "BASIC", registryEndpoint: "registry.example", username: "dXNlcg==", password: "cGFzcw==" },
      { secretType: "VAULT", registryEndpoint: "other.example", secretId: "ocid1.vaultsecret.oc1.iad.aaaa" },
    ],
    containerRestartPolicy: "ON_FAILURE",
    freeformTags: { a: "b" },
    definedTags: { ns: { k: 1 } },
    securityContext: { securityContextType: "LINUX", fsGroup: 2000, fsGroupChangePolicy: "ON_ROOT_MISMATCH" },
  };
}

/** Schema errors plus, when the schema passes, the cross-field rules: what the server will report. */
function problems(body: unknown) {
  const result = validate(CreateContainerInstanceDetails, body);
  return result.ok ? checkCreateContainerInstanceLimits(result.value) : result.errors;
}

describe("CreateContainerInstanceDetails validation", () => {
  it("accepts a maximal valid body", () => {
    expect(problems(maximalBody())).toEqual([]);
  });

  it("tolerates fields it does not model (newer SDKs)", () => {
    expect(problems({ ...maximalBody(), someFutureField: { x: 1 } })).toEqual([]);
  });

  it.each([
    ["missing image", (b: any) => delete b.containers[0].imageUrl, "containers[0].imageUrl", /required/],
    [
      "unknown restart policy",
      (b: any) => (b.containerRestartPolicy = "SOMETIMES"),
      "containerRestartPolicy",
      /ALWAYS, NEVER, ON_FAILURE/,
    ],
    [
      "unknown volume type",
      (b: any) => (b.volumes[0].volumeType = "HOSTPATH"),
      "volumes[0].volumeType",
      /must be one of EMPTYDIR, CONFIGFILE, OCI_FSS_FILE_SYSTEM/,
    ],
    ["missing volume type", (b: any) => delete b.volumes[1].volumeType, "volumes[1].volumeType", /required/],
    [
      "bad field inside a subtype",
      (b: any) => (b.volumes[0].backingStore = "DISK"),
      "volumes[0].backingStore",
      /EPHEMERAL_STORAGE, MEMORY/,
    ],
    ["ocpus as a string", (b: any) => (b.shapeConfig.ocpus = "2"), "shapeConfig.ocpus", /number/],
    [
      "port as a float",
      (b: any) => (b.containers[0].healthChecks[1].port = 80.5),
      "containers[0].healthChecks[1].port",
      /integer/,
    ],
    [
      "unknown health check type",
      (b: any) => (b.containers[0].healthChecks[0].healthCheckType = "COMMAND"),
      "containers[0].healthChecks[0].healthCheckType",
      /HTTP, TCP/,
    ],
    [
      "unknown secret type",
      (b: any) => (b.imagePullSecrets[0].secretType = "TOKEN"),
      "imagePullSecrets[0].secretType",
      /BASIC, VAULT/,
    ],
    ["no containers", (b: any) => (b.containers = []), "containers", /at least 1/],
    [
      "61 containers",
      (b: any) => (b.containers = Array.from({ length: MAX_CONTAINERS + 1 }, () => ({ imageUrl: "busybox" }))),
      "containers",
      /at most 60/,
    ],
    [
      "33 volumes",
      (b: any) => (b.volumes = Array.from({ length: 33 }, (_, i) => ({ name: `v${i}`, volumeType: "EMPTYDIR" }))),
      "volumes",
      /at most 32/,
    ],
    ["empty display name", (b: any) => (b.displayName = ""), "displayName", /at least 1/],
    ["256-character compartment", (b: any) => (b.compartmentId = "c".repeat(256)), "compartmentId", /at most 255/],
    [
      "environment of 65 KB",
      (b: any) => (b.containers[0].environmentVariables = { BIG: "x".repeat(65 * 1024) }),
      "containers[0].environmentVariables",
      /65536 bytes/,
    ],
    [
      "arguments of 65 KB",
      (b: any) => (b.containers[0].arguments = ["y".repeat(65 * 1024)]),
      "containers[0].arguments",
      /65536 bytes/,
    ],
    [
      "duplicate volume names",
      (b: any) => (b.volumes[1].name = "scratch"),
      "volumes[1].name",
      /duplicate volume name "scratch"/,
    ],
    [
      "mount of an unknown volume",
      (b: any) => (b.containers[0].volumeMounts[0].volumeName = "nope"),
      "containers[0].volumeMounts[0].volumeName",
      /no volume named "nope"/,
    ],
    [
      "bad base64 config data",
      (b: any) => (b.volumes[1].configs[0].data = "not base64!"),
      "volumes[1].configs[0].data",
      /base64/,
    ],
    [
      "duplicate config file",
      (b: any) => b.volumes[1].configs.push({ ...b.volumes[1].configs[0] }),
      "volumes[1].configs[1].fileName",
      /duplicate fileName/,
    ],
    [
      "bad base64 password",
      (b: any) => (b.imagePullSecrets[0].password = "p@ss"),
      "imagePullSecrets[0].password",
      /base64/,
    ],
    [
      "too many vCPUs for the instance",
      (b: any) => (b.containers[0].resourceConfig.vcpusLimit = 4.5),
      "containers[0].resourceConfig.vcpusLimit",
      /at most 4/,
    ],
    [
      "more memory than the instance",
      (b: any) => (b.containers[0].resourceConfig.memoryLimitInGBs = 9),
      "containers[0].resourceConfig.memoryLimitInGBs",
      /8 GB/,
    ],
    ["unknown shape", (b: any) => (b.shape = "CI.Standard.X9.Flex"), "shape", /CI.Standard.E4.Flex/],
    [
      "memory beyond the shape",
      (b: any) => (b.shapeConfig.memoryInGBs = 129),
      "shapeConfig.memoryInGBs",
      /between 2 and 128/,
    ],
  ])("rejects %s with the field path", (_label, mutate, path, message) => {
    const body = maximalBody();
    mutate(body);
    const errors = problems(body);
    expect(errors.map((e) => e.path)).toContain(path);
    expect(errors.find((e) => e.path === path)?.message).toMatch(message);
  });

  it("reports every bad field at once, each once", () => {
    const body = maximalBody();
    delete body.containers[0].imageUrl;
    body.containerRestartPolicy = "SOMETIMES";
    const result = validate(CreateContainerInstanceDetails, body);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.map((e) => e.path).sort()).toEqual(["containerRestartPolicy", "containers[0].imageUrl"]);
  });

  it("quotes map keys that are not identifiers", () => {
    const result = validate(UpdateContainerInstanceDetails, { freeformTags: { "bar-key": 1 } });
    expect(result).toEqual({ ok: false, errors: [{ path: 'freeformTags["bar-key"]', message: "must be a string" }] });
  });

  it("returns the value unchanged when valid", () => {
    const body = { displayName: "x" };
    expect(validate(UpdateContainerInstanceDetails, body)).toEqual({ ok: true, value: body });
  });
});
