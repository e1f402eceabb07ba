import { readFileSync } from "node:fs";
import { invocation } from "../../cli/command-context.js";
import { flag, optionalString, requiredString } from "../../cli/parse.js";
import type { Command, Group } from "../../cli/spec.js";
import { CliError, UsageError } from "../../errors.js";
import { ADMIN, type CreatedUser, SEND_ONCE, type UserView } from "./admin-api.js";
import { writeBootstrap, writeCredentials } from "./config-writer.js";

const createUser: Command = {
  name: "create",
  summary: "Add a user to a tenancy, with an API key",
  description: [
    "With --key-file, registers that public key. Otherwise the server makes a key pair and this command writes",
    "DIR/config, DIR/oci_api_key.pem and DIR/bootstrap.json for the new user (--output-dir is then required).",
  ].join("\n"),
  usesServer: true,
  operatorOnly: true,
  options: {
    "tenancy-id": { type: "string", placeholder: "OCID", description: "the tenancy", required: true },
    name: { type: "string", placeholder: "NAME", description: "user name (an e-mail address is fine)", required: true },
    description: { type: "string", placeholder: "TEXT", description: "what the user is for" },
    "key-file": { type: "string", placeholder: "PEM", description: "the user's RSA public key (PEM)" },
    "output-dir": { type: "string", placeholder: "DIR", description: "where to write config and key" },
    force: { type: "boolean", description: "replace a config already in DIR" },
  },
  examples: [
    "caisson admin user create --tenancy-id ocid1.tenancy.… --name bob@example.com --output-dir ./bob",
    "caisson admin user create --tenancy-id ocid1.tenancy.… --name ci --key-file ci_public.pem",
  ],
  async run(ctx, args) {
    const p = ctx.path;
    const tenancyId = requiredString(args, "tenancy-id", p);
    const name = requiredString(args, "name", p);
    const keyFile = optionalString(args, "key-file");
    const dir = optionalString(args, "output-dir");
    if (!keyFile && !dir) throw new UsageError("give --key-file (a public key) or --output-dir (to get a new key)", p);
    if (keyFile && dir)
      throw new UsageError("--key-file and --output-dir do not go together: a given key has no private half here", p);
    const publicKey = keyFile ? readKey(keyFile) : undefined;
    const description = optionalString(args, "description");
    const inv = invocation(ctx, args);
    const answer = await inv.session.client.request<CreatedUser>({
      operationName: "adminCreateUser",
      method: "POST",
      path: `${ADMIN}/tenancies/${encodeURIComponent(tenancyId)}/users`,
      body: { name, ...(description && { description }), ...(publicKey && { publicKey }) },
      ...SEND_ONCE,
    });
    const { user, apiKey } = answer.data;
    const written =
      dir && apiKey.privateKeyPem
        ? await writeCredentials(
            dir,
            {
              tenancyId,
              userId: user.id,
              fingerprint: apiKey.fingerprint,
              region: inv.session.connection.config.region,
              privateKeyPem: apiKey.privateKeyPem,
            },
            flag(args, "force"),
          )
        : undefined;
    const region = inv.session.connection.config.region;
    const creds = { tenancyId, userId: user.id, fingerprint: apiKey.fingerprint, region };
    const boot = written && (await writeBootstrap(written, creds, inv.session.connection.endpoint));
    inv.print({
      data: {
        ...user,
        fingerprint: apiKey.fingerprint,
        ...(boot && { compartmentId: boot.compartmentId, subnetId: boot.subnetId }),
        ...(boot && { availabilityDomain: boot.availabilityDomain, region }),
        ...written,
      },
    });
    return 0;
  },
};

const listUsers: Command = {
  name: "list",
  summary: "List the users of a tenancy",
  usesServer: true,
  operatorOnly: true,
  options: { "tenancy-id": { type: "string", placeholder: "OCID", description: "the tenancy", required: true } },
  examples: ["caisson admin user list --tenancy-id ocid1.tenancy.… --output table"],
  async run(ctx, args) {
    const tenancyId = requiredString(args, "tenancy-id", ctx.path);
    const inv = invocation(ctx, args);
    const path = `${ADMIN}/tenancies/${encodeURIComponent(tenancyId)}/users`;
    const answer = await inv.session.client.request<{ items: UserView[] }>({
      operationName: "adminListUsers",
      method: "GET",
      path,
    });
    inv.print({ data: answer.data });
    return 0;
  },
};

export function readKey(file: string): string {
  try {
    return readFileSync(file, "utf8");
  } catch (error) {
    throw new CliError(`cannot read --key-file ${file}: ${(error as Error).message}`);
  }
}

export const userGroup: Group = {
  name: "user",
  summary: "Users of a tenancy (operator only)",
  commands: [createUser, listUsers],
};
