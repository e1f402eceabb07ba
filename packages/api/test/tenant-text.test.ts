// biome-ignore-all lint/suspicious/noExplicitAny: tests poke deliberately hostile JSON into a typed request
import { describe, expect, it } from "vitest";
import { CreateContainerInstanceDetails } from "../src/models/index.js";
import { checkCreateContainerInstanceLimits, validate } from "../src/validate.js";

/** A request with a config volume, an emptyDir volume and mounts: every field a hostile tenant could bend. */
function body(): Record<string, any> {
  return {
    compartmentId: "ocid1.compartment.oc1..aaaa",
    availabilityDomain: "Uocm:PHX-AD-1",
    shape: "CI.Standard.E4.Flex",
    shapeConfig: { ocpus: 1, memoryInGBs: 1 },
    vnics: [{ subnetId: "ocid1.subnet.oc1..aaaa", hostnameLabel: "web-1" }],
    volumes: [
      { name: "conf", volumeType: "CONFIGFILE", configs: [{ fileName: "app.conf", path: "etc/app", data: "eA==" }] },
      { name: "scratch", volumeType: "EMPTYDIR" },
    ],
    containers: [
      {
        imageUrl: "busybox",
        workingDirectory: "/srv",
        command: ["sh"],
        environmentVariables: { A: "1" },
        volumeMounts: [
          { volumeName: "conf", mountPath: "/etc/app", subPath: "etc/app" },
          { volumeName: "scratch", mountPath: "/dev/shm" },
        ],
      },
    ],
  };
}

function problems(b: unknown) {
  const result = validate(CreateContainerInstanceDetails, b);
  return result.ok ? checkCreateContainerInstanceLimits(result.value) : result.errors;
}

describe("tenant text never becomes a path outside the tenant's containers", () => {
  it("accepts ordinary names and paths", () => {
    expect(problems(body())).toEqual([]);
  });

  it.each([
    [
      "volume name climbing out",
      (b: any) => (b.volumes[0].name = "../../../../../../tmp/x"),
      "volumes[0].name",
      /"\/"/,
    ],
    ["volume name ..", (b: any) => (b.volumes[1].name = ".."), "volumes[1].name", /not ".."/],
    ["volume name .", (b: any) => (b.volumes[1].name = "."), "volumes[1].name", /not "."/],
    ["volume name with NUL", (b: any) => (b.volumes[1].name = "a\u0000b"), "volumes[1].name", /NUL/],
    ["volume name with newline", (b: any) => (b.volumes[1].name = "a\nb"), "volumes[1].name", /control/],
    [
      "fileName climbing out",
      (b: any) => (b.volumes[0].configs[0].fileName = "../../x"),
      "volumes[0].configs[0].fileName",
      /"\/"/,
    ],
    [
      "fileName absolute",
      (b: any) => (b.volumes[0].configs[0].fileName = "/etc/passwd"),
      "volumes[0].configs[0].fileName",
      /"\/"/,
    ],
    [
      "fileName ..",
      (b: any) => (b.volumes[0].configs[0].fileName = ".."),
      "volumes[0].configs[0].fileName",
      /not ".."/,
    ],
    [
      "fileName over 255 bytes",
      (b: any) => (b.volumes[0].configs[0].fileName = "é".repeat(128)),
      "volumes[0].configs[0].fileName",
      /255 bytes/,
    ],
    [
      "config path climbing out",
      (b: any) => (b.volumes[0].configs[0].path = "a/../../b"),
      "volumes[0].configs[0].path",
      /".."/,
    ],
    [
      "config path absolute",
      (b: any) => (b.volumes[0].configs[0].path = "/etc"),
      "volumes[0].configs[0].path",
      /relative/,
    ],
    [
      "subPath climbing out",
      (b: any) => (b.containers[0].volumeMounts[0].subPath = ".."),
      "containers[0].volumeMounts[0].subPath",
      /".."/,
    ],
    [
      "subPath absolute",
      (b: any) => (b.containers[0].volumeMounts[0].subPath = "/"),
      "containers[0].volumeMounts[0].subPath",
      /relative/,
    ],
    [
      "mountPath relative",
      (b: any) => (b.containers[0].volumeMounts[0].mountPath = "host"),
      "containers[0].volumeMounts[0].mountPath",
      /absolute/,
    ],
    [
      "mountPath with ..",
      (b: any) => (b.containers[0].volumeMounts[0].mountPath = "/a/../proc"),
      "containers[0].volumeMounts[0].mountPath",
      /".."/,
    ],
    [
      "mountPath /",
      (b: any) => (b.containers[0].volumeMounts[0].mountPath = "//"),
      "containers[0].volumeMounts[0].mountPath",
      /root/,
    ],
    [
      "mountPath over /proc",
      (b: any) => (b.containers[0].volumeMounts[0].mountPath = "/proc/sys"),
      "containers[0].volumeMounts[0].mountPath",
      /\/proc/,
    ],
    [
      "mountPath over /sys",
      (b: any) => (b.containers[0].volumeMounts[0].mountPath = "/sys"),
      "containers[0].volumeMounts[0].mountPath",
      /\/sys/,
    ],
    [
      "workingDirectory relative",
      (b: any) => (b.containers[0].workingDirectory = "srv"),
      "containers[0].workingDirectory",
      /absolute/,
    ],
    [
      "command with NUL",
      (b: any) => (b.containers[0].command = ["sh", "-c\u0000x"]),
      "containers[0].command[1]",
      /NUL/,
    ],
    [
      "env name with =",
      (b: any) => (b.containers[0].environmentVariables = { "PATH=/x:": "y" }),
      'containers[0].environmentVariables["PATH=/x:"]',
      /"="/,
    ],
    [
      "hostnameLabel with a dot",
      (b: any) => (b.vnics[0].hostnameLabel = "a.b"),
      "vnics[0].hostnameLabel",
      /host name label/,
    ],
  ])("refuses %s, naming the field", (_name, mutate, path, message) => {
    const b = body();
    mutate(b);
    const found = problems(b);
    expect(found).toContainEqual({ path, message: expect.stringMatching(message) });
  });
});
