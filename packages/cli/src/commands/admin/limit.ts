import { invocation } from "../../cli/command-context.js";
import { optionalString, requiredString } from "../../cli/parse.js";
import type { Command, Group } from "../../cli/spec.js";
import { UsageError } from "../../errors.js";
import { ADMIN, type ServiceLimitView } from "./admin-api.js";

const TENANCY = {
  "tenancy-id": { type: "string", placeholder: "OCID", description: "the tenancy", required: true },
} as const;
const limitsOf = (tenancyId: string) => `${ADMIN}/tenancies/${encodeURIComponent(tenancyId)}/limits`;

const list: Command = {
  name: "list",
  summary: "Show a tenancy's service limits and how much of each it uses, per availability domain",
  description: [
    "container-instance-count, ocpu-count and memory-gb apply in each availability domain. Without --tenancy-id,",
    "shows the caller's own tenancy (any tenancy may read its own limits and usage).",
  ].join("\n"),
  usesServer: true,
  options: { "tenancy-id": { ...TENANCY["tenancy-id"], required: false } },
  examples: ["caisson admin limit list --tenancy-id ocid1.tenancy.oc1..aaaa --output table"],
  async run(ctx, args) {
    const tenancyId = optionalString(args, "tenancy-id");
    const inv = invocation(ctx, args);
    const answer = tenancyId
      ? await inv.session.client.request<{ items: ServiceLimitView[] }>({
          operationName: "adminListServiceLimits",
          method: "GET",
          path: limitsOf(tenancyId),
        })
      : await inv.session.client.request<{ items: ServiceLimitView[] }>({
          operationName: "listOwnServiceLimits",
          method: "GET",
          path: "/_caisson/limits",
        });
    // A table shows one row per limit and availability domain: what a person compares is used against value.
    inv.print({ data: inv.format === "table" ? usageRows(answer.data.items) : answer.data });
    return 0;
  },
};

const usageRows = (items: ServiceLimitView[]) =>
  items.flatMap((limit) =>
    limit.availabilityDomains.map((ad) => ({
      name: limit.name,
      availabilityDomain: ad.availabilityDomain,
      value: limit.value,
      used: ad.used,
      available: ad.available,
      isDefault: limit.isDefault,
    })),
  );

const set: Command = {
  name: "set",
  summary: "Set one service limit of a tenancy (operator only)",
  usesServer: true,
  options: {
    ...TENANCY,
    name: {
      type: "string",
      placeholder: "NAME",
      description: "container-instance-count, ocpu-count or memory-gb",
      required: true,
    },
    value: { type: "string", placeholder: "N", description: "the new limit, per availability domain", required: true },
  },
  examples: [
    "caisson admin limit set --tenancy-id ocid1.tenancy.oc1..aaaa --name container-instance-count --value 500",
  ],
  async run(ctx, args) {
    const tenancyId = requiredString(args, "tenancy-id", ctx.path);
    const name = requiredString(args, "name", ctx.path);
    const text = requiredString(args, "value", ctx.path);
    const value = Number(text);
    if (!/^\d+$/.test(text) || !Number.isSafeInteger(value)) {
      throw new UsageError(`--value must be a whole number, got ${text}`, ctx.path);
    }
    const inv = invocation(ctx, args);
    const answer = await inv.session.client.request<ServiceLimitView>({
      operationName: "adminSetServiceLimit",
      method: "PUT",
      path: `${limitsOf(tenancyId)}/${encodeURIComponent(name)}`,
      body: { value },
    });
    inv.print({ data: answer.data });
    return 0;
  },
};

export const limitGroup: Group = {
  name: "limit",
  summary: "Service limits per tenancy: instances, OCPUs and memory per availability domain",
  commands: [list, set],
};
