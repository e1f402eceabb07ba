import { invocation } from "../../cli/command-context.js";
import { LIST_OPTIONS } from "../../cli/global-options.js";
import { oneOf, optionalString, requiredString } from "../../cli/parse.js";
import type { Command } from "../../cli/spec.js";
import { answerList } from "../shared/answers.js";
import { pageArgs, sortOrderArg } from "../shared/list-args.js";

const LIFECYCLE_STATES = ["CREATING", "UPDATING", "ACTIVE", "INACTIVE", "DELETING", "DELETED", "FAILED"] as const;

export const getInstance: Command = {
  name: "get",
  summary: "Show a container instance (GetContainerInstance)",
  usesServer: true,
  options: {
    "container-instance-id": { type: "string", placeholder: "OCID", description: "the instance", required: true },
  },
  examples: ["caisson container-instance get --container-instance-id ocid1.computecontainerinstance.oc1..aaaa"],
  async run(ctx, args) {
    const id = requiredString(args, "container-instance-id", ctx.path);
    const inv = invocation(ctx, args);
    const response = await inv.session.client.getContainerInstance(id);
    inv.print({ data: response.data, ...(response.etag && { etag: response.etag }) });
    return 0;
  },
};

export const listInstances: Command = {
  name: "list",
  summary: "List container instances in a compartment (ListContainerInstances)",
  usesServer: true,
  options: {
    "compartment-id": { type: "string", placeholder: "OCID", description: "compartment (default: the tenancy)" },
    "lifecycle-state": { type: "string", placeholder: "STATE", description: LIFECYCLE_STATES.join(", ") },
    "display-name": { type: "string", placeholder: "NAME", description: "only instances with this exact name" },
    "availability-domain": { type: "string", placeholder: "AD", description: "only instances in this AD" },
    "sort-by": { type: "string", placeholder: "FIELD", description: "timeCreated (default) or displayName" },
    "sort-order": { type: "string", placeholder: "ORDER", description: "ASC or DESC" },
    ...LIST_OPTIONS,
  },
  examples: [
    "caisson container-instance list --lifecycle-state ACTIVE --output table",
    "caisson container-instance list --all",
  ],
  async run(ctx, args) {
    const p = ctx.path;
    const { all, limit, page } = pageArgs(args, p);
    const options = {
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
      (next) => inv.session.client.listContainerInstances(compartmentId, { ...options, page: next }),
      page,
    );
  },
};

export const listShapes: Command = {
  name: "list-shapes",
  summary: "List the shapes container instances can have (ListContainerInstanceShapes)",
  usesServer: true,
  options: {
    "compartment-id": { type: "string", placeholder: "OCID", description: "compartment (default: the tenancy)" },
    "availability-domain": { type: "string", placeholder: "AD", description: "shapes available in this AD" },
    ...LIST_OPTIONS,
  },
  examples: ["caisson container-instance list-shapes --output table"],
  async run(ctx, args) {
    const { all, limit, page } = pageArgs(args, ctx.path);
    const availabilityDomain = optionalString(args, "availability-domain");
    const inv = invocation(ctx, args);
    const compartmentId = optionalString(args, "compartment-id") ?? inv.session.tenancyId;
    return answerList(
      inv,
      all,
      (next) =>
        inv.session.client.listContainerInstanceShapes(compartmentId, { availabilityDomain, limit, page: next }),
      page,
    );
  },
};

export { LIFECYCLE_STATES };
