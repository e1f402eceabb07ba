import { writeFileSync } from "node:fs";
import { invocation } from "../../cli/command-context.js";
import { LIST_OPTIONS } from "../../cli/global-options.js";
import { flag, oneOf, optionalString, requiredString } from "../../cli/parse.js";
import type { Command } from "../../cli/spec.js";
import { LIFECYCLE_STATES } from "../container-instance/read.js";
import { answerList } from "../shared/answers.js";
import { pageArgs, sortOrderArg } from "../shared/list-args.js";

const ID = {
  "container-id": { type: "string", placeholder: "OCID", description: "the container", required: true },
} as const;

export const getContainer: Command = {
  name: "get",
  summary: "Show a container, with its exit code once it stopped (GetContainer)",
  usesServer: true,
  options: { ...ID },
  examples: ["caisson container get --container-id ocid1.computecontainer.oc1..aaaa"],
  async run(ctx, args) {
    const id = requiredString(args, "container-id", ctx.path);
    const inv = invocation(ctx, args);
    const response = await inv.session.client.getContainer(id);
    inv.print({ data: response.data, ...(response.etag && { etag: response.etag }) });
    return 0;
  },
};

export const listContainers: Command = {
  name: "list",
  summary: "List containers in a compartment or of one instance (ListContainers)",
  usesServer: true,
  options: {
    "compartment-id": { type: "string", placeholder: "OCID", description: "compartment (default: the tenancy)" },
    "container-instance-id": { type: "string", placeholder: "OCID", description: "only this instance's containers" },
    "lifecycle-state": { type: "string", placeholder: "STATE", description: LIFECYCLE_STATES.join(", ") },
    "display-name": { type: "string", placeholder: "NAME", description: "only containers with this exact name" },
    "availability-domain": { type: "string", placeholder: "AD", description: "only containers in this AD" },
    "sort-by": { type: "string", placeholder: "FIELD", description: "timeCreated (default) or displayName" },
    "sort-order": { type: "string", placeholder: "ORDER", description: "ASC or DESC" },
    ...LIST_OPTIONS,
  },
  examples: ["caisson container list --container-instance-id ocid1.computecontainerinstance.… --output table"],
  async run(ctx, args) {
    const p = ctx.path;
    const { all, limit, page } = pageArgs(args, p);
    const options = {
      containerInstanceId: optionalString(args, "container-instance-id"),
      lifecycleState: oneOf(args, "lifecycle-state", p, LIFECYCLE_STATES, (s) => s.toUpperCase()),
      displayName: optionalString(args, "display-name"),
      availabilityDomain: optionalString(args, "availability-domain"),
      sortBy: oneOf(args, "sort-by", p, ["timeCreated", "displayName"] as const),
      sortOrder: sortOrderArg(args, p),
      limit,
    };
    const inv = invocation(ctx, args);
    const compartmentId = optionalString(args, "compartment-id") ?? inv.session.tenancyId;
    return answerList(
      inv,
      all,
      (next) => inv.session.client.listContainers(compartmentId, { ...options, page: next }),
      page,
    );
  },
};

export const retrieveLogs: Command = {
  name: "retrieve-logs",
  summary: "Print the last 256 KB of a container's output (RetrieveLogs)",
  usesServer: true,
  options: {
    ...ID,
    file: { type: "string", placeholder: "PATH", description: "write the logs to PATH; - for stdout (default)" },
    "is-previous": { type: "boolean", description: "the logs of the previous run (after a restart)" },
  },
  examples: ["caisson container retrieve-logs --container-id ocid1.computecontainer.… --file -"],
  async run(ctx, args) {
    const id = requiredString(args, "container-id", ctx.path);
    const file = optionalString(args, "file") ?? "-";
    const inv = invocation(ctx, args);
    const text = await inv.session.client.retrieveLogsText(id, { isPrevious: flag(args, "is-previous") || undefined });
    if (file === "-") ctx.out.stdout(text);
    else writeFileSync(file, text);
    return 0;
  },
};
