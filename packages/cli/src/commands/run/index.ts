import { invocation } from "../../cli/command-context.js";
import { flag, optionalNumber, optionalString, strings } from "../../cli/parse.js";
import type { Command } from "../../cli/spec.js";
import { RunFailedError, UsageError } from "../../errors.js";
import { runRequest } from "./details.js";
import { runContainer } from "./execute.js";

export const runCommand: Command = {
  name: "run",
  summary: "Run an image in a new one-container instance, print its logs, exit with its exit code",
  positionals: "IMAGE [-- COMMAND [ARG...]]",
  description: [
    "Defaults: the tenancy (root compartment), the first availability domain, the subnet 'caisson serve'",
    "created, shape CI.Standard.E4.Flex with 1 OCPU and 1 GB, restart policy never. Waits for the container to",
    "stop, prints its logs, and exits with its exit code (125 if the run itself failed). On the emulated",
    "runtime nothing runs: it says so and exits 0 once the instance is ACTIVE. Put '--' before the command so",
    "that its flags are not read as caisson's.",
  ].join("\n"),
  usesServer: true,
  options: {
    name: { type: "string", placeholder: "NAME", description: "display name of the instance and its container" },
    env: { type: "string", short: "e", multiple: true, placeholder: "KEY=VALUE", description: "environment variable" },
    publish: {
      type: "string",
      short: "p",
      multiple: true,
      placeholder: "[ADDR:]HOST:CONTAINER[/udp]",
      description: "publish a container port on the host (default address 127.0.0.1)",
    },
    cpus: { type: "string", placeholder: "N", description: "OCPUs (default 1)" },
    memory: { type: "string", placeholder: "SIZE", description: "memory: 1, 2g, 512m (default 1g)" },
    restart: { type: "string", placeholder: "POLICY", description: "never (default), on-failure or always" },
    entrypoint: { type: "string", placeholder: "CMD", description: "override the image's entrypoint" },
    shape: { type: "string", placeholder: "SHAPE", description: "shape (default CI.Standard.E4.Flex)" },
    detach: { type: "boolean", short: "d", description: "print the instance's OCID and return at once" },
    rm: { type: "boolean", description: "delete the instance once its logs are printed" },
    "compartment-id": { type: "string", placeholder: "OCID", description: "compartment (default: the tenancy)" },
    "availability-domain": {
      type: "string",
      placeholder: "AD",
      description: "availability domain (default: the first)",
    },
    "subnet-id": { type: "string", placeholder: "OCID", description: "subnet (default: the one serve created)" },
    "max-wait-seconds": { type: "string", placeholder: "N", description: "give up waiting after N seconds" },
  },
  examples: [
    "caisson run busybox -- echo hello",
    "caisson run --name web --env PORT=8080 --restart always --detach nginx",
    "caisson run --detach --publish 8080:80 nginx   # then: curl http://127.0.0.1:8080",
    "caisson run --rm --memory 512m alpine -- sh -c 'exit 3'; echo $?",
  ],
  async run(ctx, args) {
    const p = ctx.path;
    const request = runRequest(args, p, strings(args, "env"), strings(args, "publish"));
    const detach = flag(args, "detach");
    const remove = flag(args, "rm");
    if (detach && remove)
      throw new UsageError("--rm and --detach do not go together: nothing would wait to remove it", p);
    const options = {
      detach,
      remove,
      compartmentId: optionalString(args, "compartment-id"),
      availabilityDomain: optionalString(args, "availability-domain"),
      subnetId: optionalString(args, "subnet-id"),
      maxWaitSeconds: optionalNumber(args, "max-wait-seconds", p, { min: 1 }),
    };
    try {
      return await runContainer(ctx, invocation(ctx, args), request, options);
    } catch (error) {
      throw error instanceof UsageError || error instanceof RunFailedError ? error : new RunFailedError(error);
    }
  },
};
