import type { CreateContainerInstanceDetails } from "@caisson/sdk";
import { invocation } from "../../cli/command-context.js";
import { WAIT_OPTIONS } from "../../cli/global-options.js";
import { optionalNumber, optionalString, requiredString } from "../../cli/parse.js";
import type { Command } from "../../cli/spec.js";
import { complexArray, complexObject } from "../../input/complex-arg.js";
import { waitRequest } from "../../input/wait.js";
import { answerAccepted } from "../shared/answers.js";

export const DEFAULT_SHAPE = "CI.Standard.E4.Flex";

export const createInstance: Command = {
  name: "create",
  summary: "Create a container instance (CreateContainerInstance)",
  description: [
    "Only --containers is required: the compartment defaults to the tenancy (root compartment), the availability",
    "domain to the first one, the shape to CI.Standard.E4.Flex with 1 OCPU, and --vnics to the subnet",
    "'caisson serve' created (else the first subnet of the compartment). Complex values take JSON or file://path.",
  ].join("\n"),
  usesServer: true,
  options: {
    containers: {
      type: "string",
      placeholder: "JSON",
      description: 'the containers, e.g. \'[{"imageUrl":"busybox"}]\'',
      required: true,
    },
    "compartment-id": { type: "string", placeholder: "OCID", description: "compartment (default: the tenancy)" },
    "availability-domain": {
      type: "string",
      placeholder: "AD",
      description: "availability domain (default: the first)",
    },
    shape: { type: "string", placeholder: "SHAPE", description: `shape (default ${DEFAULT_SHAPE})` },
    "shape-config": { type: "string", placeholder: "JSON", description: 'OCPUs and memory (default {"ocpus":1})' },
    vnics: { type: "string", placeholder: "JSON", description: 'network, e.g. \'[{"subnetId":"ocid1.subnet…"}]\'' },
    volumes: { type: "string", placeholder: "JSON", description: "EMPTYDIR and CONFIGFILE volumes" },
    "display-name": { type: "string", placeholder: "NAME", description: "a name for the instance" },
    "container-restart-policy": {
      type: "string",
      placeholder: "POLICY",
      description: "ALWAYS (default), NEVER or ON_FAILURE",
    },
    "graceful-shutdown-timeout-in-seconds": {
      type: "string",
      placeholder: "N",
      description: "grace period before SIGKILL",
    },
    "image-pull-secrets": { type: "string", placeholder: "JSON", description: "registry credentials" },
    "dns-config": { type: "string", placeholder: "JSON", description: "nameservers, searches, options" },
    "fault-domain": { type: "string", placeholder: "FD", description: "fault domain" },
    "freeform-tags": { type: "string", placeholder: "JSON", description: "free-form tags" },
    "defined-tags": { type: "string", placeholder: "JSON", description: "defined tags" },
    ...WAIT_OPTIONS,
  },
  examples: [
    `caisson container-instance create --containers '[{"imageUrl":"nginx","displayName":"web"}]' --wait-for-state SUCCEEDED`,
    'caisson container-instance create --containers file://containers.json --shape-config \'{"ocpus":2,"memoryInGBs":8}\'',
  ],
  async run(ctx, args) {
    const p = ctx.path;
    const wait = waitRequest(args, p);
    const text = (name: string) => optionalString(args, name);
    const object = (name: string) => (text(name) ? complexObject(name, text(name)!, p) : undefined);
    const array = (name: string) => (text(name) ? complexArray(name, text(name)!, p) : undefined);
    // Everything the command line alone decides is checked before the config file is even read.
    const grace = optionalNumber(args, "graceful-shutdown-timeout-in-seconds", p, { min: 0 });
    const given = {
      displayName: text("display-name"),
      shape: text("shape") ?? DEFAULT_SHAPE,
      shapeConfig: object("shape-config") ?? { ocpus: 1 },
      containers: complexArray("containers", requiredString(args, "containers", p), p),
      volumes: array("volumes"),
      containerRestartPolicy: text("container-restart-policy")?.toUpperCase(),
      gracefulShutdownTimeoutInSeconds: grace,
      imagePullSecrets: array("image-pull-secrets"),
      dnsConfig: object("dns-config"),
      faultDomain: text("fault-domain"),
      freeformTags: object("freeform-tags"),
      definedTags: object("defined-tags"),
    };
    const vnics = array("vnics");
    const inv = invocation(ctx, args);
    const { session } = inv;
    const compartmentId = text("compartment-id") ?? session.tenancyId;
    const details = {
      compartmentId,
      availabilityDomain: text("availability-domain") ?? (await session.defaultAvailabilityDomain()),
      vnics: vnics ?? [{ subnetId: await session.defaultSubnetId(compartmentId) }],
      ...withoutUndefined(given),
    };
    const response = await session.client.createContainerInstance(details as CreateContainerInstanceDetails);
    return answerAccepted(ctx, inv, response, wait);
  },
};

function withoutUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
