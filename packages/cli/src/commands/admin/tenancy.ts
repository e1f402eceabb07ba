import { invocation } from "../../cli/command-context.js";
import { flag, optionalString, requiredString } from "../../cli/parse.js";
import type { Command, Group } from "../../cli/spec.js";
import { ADMIN, type CreatedTenancy, SEND_ONCE, type TenancyView } from "./admin-api.js";
import { writeBootstrap, writeCredentials } from "./config-writer.js";

const createTenancy: Command = {
  name: "create",
  summary: "Create a tenancy for a team, and write its config file and API key",
  description: [
    "Creates the tenancy (its root compartment), a user with an API key, and a VCN and subnet, then writes",
    "DIR/config, DIR/oci_api_key.pem and DIR/bootstrap.json (mode 0600). Hand DIR to the team: with --config-file DIR/config they",
    "use their own tenancy and see nothing of anyone else's. The private key exists only in DIR.",
  ].join("\n"),
  usesServer: true,
  operatorOnly: true,
  options: {
    name: { type: "string", placeholder: "NAME", description: "tenancy name (letters, digits, . _ -)", required: true },
    "output-dir": { type: "string", placeholder: "DIR", description: "where to write config and key", required: true },
    "user-name": { type: "string", placeholder: "NAME", description: "the first user's name (default admin)" },
    force: { type: "boolean", description: "replace a config already in DIR" },
  },
  examples: ["caisson admin tenancy create --name team-a --output-dir ./team-a"],
  async run(ctx, args) {
    const name = requiredString(args, "name", ctx.path);
    const dir = requiredString(args, "output-dir", ctx.path);
    const userName = optionalString(args, "user-name");
    const inv = invocation(ctx, args);
    const created = await inv.session.client.request<CreatedTenancy>({
      operationName: "adminCreateTenancy",
      method: "POST",
      path: `${ADMIN}/tenancies`,
      body: { name, ...(userName && { userName }) },
      ...SEND_ONCE,
    });
    const t = created.data;
    const written = await writeCredentials(
      dir,
      {
        tenancyId: t.tenancy.id,
        userId: t.user.id,
        fingerprint: t.apiKey.fingerprint,
        region: t.region,
        privateKeyPem: t.apiKey.privateKeyPem,
      },
      flag(args, "force"),
    );
    const boot = await writeBootstrap(
      written,
      { tenancyId: t.tenancy.id, userId: t.user.id, fingerprint: t.apiKey.fingerprint, region: t.region },
      inv.session.connection.endpoint,
      { vcnId: t.vcnId, subnetId: t.subnetId },
    );
    inv.print({
      data: {
        tenancyId: t.tenancy.id,
        name: t.tenancy.name,
        userId: t.user.id,
        fingerprint: t.apiKey.fingerprint,
        compartmentId: t.compartmentId,
        availabilityDomain: boot.availabilityDomain,
        subnetId: t.subnetId,
        region: t.region,
        configFile: written.configFile,
        keyFile: written.keyFile,
      },
    });
    ctx.out.stderr(
      `Tenancy ${name} is ready. Its users run, for example:\n  caisson run --config-file ${written.configFile} ` +
        `--endpoint ${inv.session.connection.endpoint} busybox -- echo hello\n`,
    );
    return 0;
  },
};

const listTenancies: Command = {
  name: "list",
  summary: "List every tenancy; the operator's is marked isOperator",
  usesServer: true,
  operatorOnly: true,
  options: {},
  examples: ["caisson admin tenancy list --output table"],
  async run(ctx, args) {
    const inv = invocation(ctx, args);
    const answer = await inv.session.client.request<{ items: TenancyView[] }>({
      operationName: "adminListTenancies",
      method: "GET",
      path: `${ADMIN}/tenancies`,
    });
    inv.print({ data: answer.data });
    return 0;
  },
};

const getTenancy: Command = {
  name: "get",
  summary: "Show one tenancy",
  usesServer: true,
  operatorOnly: true,
  options: { "tenancy-id": { type: "string", placeholder: "OCID", description: "the tenancy", required: true } },
  examples: ["caisson admin tenancy get --tenancy-id ocid1.tenancy.oc1..aaaa"],
  async run(ctx, args) {
    const id = requiredString(args, "tenancy-id", ctx.path);
    const inv = invocation(ctx, args);
    const answer = await inv.session.client.request<TenancyView>({
      operationName: "adminGetTenancy",
      method: "GET",
      path: `${ADMIN}/tenancies/${encodeURIComponent(id)}`,
    });
    inv.print({ data: answer.data });
    return 0;
  },
};

export const tenancyGroup: Group = {
  name: "tenancy",
  summary: "Tenancies (operator only): one per team, each with its own users, keys, compartments and instances",
  commands: [createTenancy, listTenancies, getTenancy],
};
