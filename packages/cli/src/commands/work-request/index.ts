import type { OperationStatus } from "@caisson/sdk";
import { invocation } from "../../cli/command-context.js";
import { LIST_OPTIONS } from "../../cli/global-options.js";
import { oneOf, optionalString, requiredString } from "../../cli/parse.js";
import type { Command, Group } from "../../cli/spec.js";
import { answerList } from "../shared/answers.js";
import { pageArgs, sortOrderArg } from "../shared/list-args.js";

const STATUSES: readonly OperationStatus[] = [
  "ACCEPTED",
  "IN_PROGRESS",
  "FAILED",
  "SUCCEEDED",
  "CANCELING",
  "CANCELED",
];
const ID = {
  "work-request-id": { type: "string", placeholder: "OCID", description: "the work request", required: true },
} as const;

const getWorkRequest: Command = {
  name: "get",
  summary: "Show a work request: status, percent complete, resources (GetWorkRequest)",
  usesServer: true,
  options: { ...ID },
  examples: ["caisson work-request get --work-request-id ocid1.computecontainerworkrequest.oc1..aaaa"],
  async run(ctx, args) {
    const id = requiredString(args, "work-request-id", ctx.path);
    const inv = invocation(ctx, args);
    const response = await inv.session.client.getWorkRequest(id);
    inv.print({ data: response.data });
    return 0;
  },
};

const listWorkRequests: Command = {
  name: "list",
  summary: "List work requests in a compartment (ListWorkRequests)",
  usesServer: true,
  options: {
    "compartment-id": { type: "string", placeholder: "OCID", description: "compartment (default: the tenancy)" },
    "resource-id": { type: "string", placeholder: "OCID", description: "only work on this resource" },
    status: { type: "string", placeholder: "STATUS", description: STATUSES.join(", ") },
    "availability-domain": { type: "string", placeholder: "AD", description: "only work in this AD" },
    "sort-order": { type: "string", placeholder: "ORDER", description: "ASC or DESC" },
    ...LIST_OPTIONS,
  },
  examples: ["caisson work-request list --resource-id ocid1.computecontainerinstance.… --output table"],
  async run(ctx, args) {
    const p = ctx.path;
    const { all, limit, page } = pageArgs(args, p);
    const options = {
      resourceId: optionalString(args, "resource-id"),
      status: oneOf(args, "status", p, STATUSES, (s) => s.toUpperCase()),
      availabilityDomain: optionalString(args, "availability-domain"),
      sortOrder: sortOrderArg(args, p),
      limit,
    };
    const inv = invocation(ctx, args);
    const compartmentId = optionalString(args, "compartment-id") ?? inv.session.tenancyId;
    return answerList(
      inv,
      all,
      (next) => inv.session.client.listWorkRequests(compartmentId, { ...options, page: next }),
      page,
    );
  },
};

function entriesCommand(name: "list-errors" | "list-logs"): Command {
  const errors = name === "list-errors";
  return {
    name,
    summary: errors
      ? "List the errors a work request ran into (ListWorkRequestErrors)"
      : "List the log entries of a work request (ListWorkRequestLogs)",
    usesServer: true,
    options: {
      ...ID,
      "sort-order": { type: "string", placeholder: "ORDER", description: "ASC or DESC" },
      ...LIST_OPTIONS,
    },
    examples: [`caisson work-request ${name} --work-request-id ocid1.computecontainerworkrequest.… --all`],
    async run(ctx, args) {
      const id = requiredString(args, "work-request-id", ctx.path);
      const { all, limit, page } = pageArgs(args, ctx.path);
      const sortOrder = sortOrderArg(args, ctx.path);
      const inv = invocation(ctx, args);
      const client = inv.session.client;
      return answerList(
        inv,
        all,
        (next) =>
          errors
            ? client.listWorkRequestErrors(id, { limit, sortOrder, page: next })
            : client.listWorkRequestLogs(id, { limit, sortOrder, page: next }),
        page,
      );
    },
  };
}

export const workRequestGroup: Group = {
  name: "work-request",
  summary: "Work requests: follow asynchronous operations (oci container-instances work-request)",
  commands: [getWorkRequest, listWorkRequests, entriesCommand("list-errors"), entriesCommand("list-logs")],
};
