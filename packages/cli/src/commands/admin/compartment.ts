import { invocation } from "../../cli/command-context.js";
import { LIST_OPTIONS } from "../../cli/global-options.js";
import { optionalString, requiredString } from "../../cli/parse.js";
import type { Command, Group } from "../../cli/spec.js";
import { answerList } from "../shared/answers.js";
import { pageArgs } from "../shared/list-args.js";

interface Compartment {
  id: string;
  name: string;
  lifecycleState: string;
}

/** Compartments through Identity 20160918, as `oci iam compartment` does: within the caller's own tenancy. */
const create: Command = {
  name: "create",
  summary: "Create a compartment (Identity CreateCompartment)",
  usesServer: true,
  options: {
    name: { type: "string", placeholder: "NAME", description: "unique among its siblings", required: true },
    description: { type: "string", placeholder: "TEXT", description: "what it is for (default: the name)" },
    "compartment-id": { type: "string", placeholder: "OCID", description: "parent (default: the tenancy)" },
  },
  examples: ["caisson admin compartment create --name staging --description 'staging services'"],
  async run(ctx, args) {
    const name = requiredString(args, "name", ctx.path);
    const description = optionalString(args, "description") ?? name;
    const inv = invocation(ctx, args);
    const compartmentId = optionalString(args, "compartment-id") ?? inv.session.tenancyId;
    const answer = await inv.session.client.request<Compartment>({
      operationName: "createCompartment",
      method: "POST",
      path: "/20160918/compartments",
      body: { compartmentId, name, description },
      // Identity deduplicates creates by opc-retry-token, so a retried create makes one compartment.
      retryToken: true,
    });
    inv.print({ data: answer.data, ...(answer.headers.get("etag") && { etag: answer.headers.get("etag")! }) });
    return 0;
  },
};

const list: Command = {
  name: "list",
  summary: "List the compartments in a compartment (Identity ListCompartments)",
  usesServer: true,
  options: {
    "compartment-id": { type: "string", placeholder: "OCID", description: "parent (default: the tenancy)" },
    ...LIST_OPTIONS,
  },
  examples: ["caisson admin compartment list --output table"],
  async run(ctx, args) {
    const { all, limit, page } = pageArgs(args, ctx.path);
    const inv = invocation(ctx, args);
    const compartmentId = optionalString(args, "compartment-id") ?? inv.session.tenancyId;
    return answerList(
      inv,
      all,
      async (next) => {
        const answer = await inv.session.client.request<Compartment[]>({
          operationName: "listCompartments",
          method: "GET",
          path: "/20160918/compartments",
          query: { compartmentId, limit, page: next },
        });
        // Identity lists are bare arrays; shape them like Container Instances collections for one output format.
        return { data: { items: answer.data }, nextPage: answer.headers.get("opc-next-page") ?? undefined };
      },
      page,
    );
  },
};

const remove: Command = {
  name: "delete",
  summary: "Delete an empty compartment (Identity DeleteCompartment)",
  usesServer: true,
  options: {
    "compartment-id": { type: "string", placeholder: "OCID", description: "the compartment", required: true },
  },
  examples: ["caisson admin compartment delete --compartment-id ocid1.compartment.oc1..aaaa"],
  async run(ctx, args) {
    const id = requiredString(args, "compartment-id", ctx.path);
    const inv = invocation(ctx, args);
    const answer = await inv.session.client.request({
      operationName: "deleteCompartment",
      method: "DELETE",
      path: `/20160918/compartments/${encodeURIComponent(id)}`,
    });
    const workRequestId = answer.headers.get("opc-work-request-id");
    inv.print({ ...(workRequestId && { "opc-work-request-id": workRequestId }) });
    return 0;
  },
};

export const compartmentGroup: Group = {
  name: "compartment",
  summary: "Compartments of your own tenancy",
  commands: [create, list, remove],
};
