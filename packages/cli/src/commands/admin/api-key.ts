import { invocation } from "../../cli/command-context.js";
import { requiredString } from "../../cli/parse.js";
import type { Command, Group } from "../../cli/spec.js";
import { ADMIN, type ApiKeyView, SEND_ONCE } from "./admin-api.js";
import { readKey } from "./user.js";

const USER = { "user-id": { type: "string", placeholder: "OCID", description: "the user", required: true } } as const;
const keysOf = (userId: string) => `${ADMIN}/users/${encodeURIComponent(userId)}/apiKeys`;

const upload: Command = {
  name: "upload",
  summary: "Register another public key for a user (at most three), e.g. to rotate keys",
  usesServer: true,
  operatorOnly: true,
  options: {
    ...USER,
    "key-file": { type: "string", placeholder: "PEM", description: "RSA public key (PEM)", required: true },
  },
  examples: ["caisson admin api-key upload --user-id ocid1.user.… --key-file ~/.oci/new_public.pem"],
  async run(ctx, args) {
    const userId = requiredString(args, "user-id", ctx.path);
    const publicKey = readKey(requiredString(args, "key-file", ctx.path));
    const inv = invocation(ctx, args);
    const answer = await inv.session.client.request<ApiKeyView>({
      operationName: "adminUploadApiKey",
      method: "POST",
      path: keysOf(userId),
      body: { publicKey },
      ...SEND_ONCE,
    });
    inv.print({ data: answer.data });
    return 0;
  },
};

const list: Command = {
  name: "list",
  summary: "List a user's API keys",
  usesServer: true,
  operatorOnly: true,
  options: { ...USER },
  examples: ["caisson admin api-key list --user-id ocid1.user.… --output table"],
  async run(ctx, args) {
    const userId = requiredString(args, "user-id", ctx.path);
    const inv = invocation(ctx, args);
    const answer = await inv.session.client.request<{ items: ApiKeyView[] }>({
      operationName: "adminListApiKeys",
      method: "GET",
      path: keysOf(userId),
    });
    inv.print({ data: answer.data });
    return 0;
  },
};

const remove: Command = {
  name: "delete",
  summary: "Revoke one of a user's API keys (not the one signing this request)",
  usesServer: true,
  operatorOnly: true,
  options: {
    ...USER,
    fingerprint: { type: "string", placeholder: "FP", description: "the key's fingerprint", required: true },
  },
  examples: ["caisson admin api-key delete --user-id ocid1.user.… --fingerprint 12:34:…:ef"],
  async run(ctx, args) {
    const userId = requiredString(args, "user-id", ctx.path);
    const fingerprint = requiredString(args, "fingerprint", ctx.path);
    const inv = invocation(ctx, args);
    await inv.session.client.request({
      operationName: "adminDeleteApiKey",
      method: "DELETE",
      path: `${keysOf(userId)}/${encodeURIComponent(fingerprint)}`,
    });
    return 0;
  },
};

export const apiKeyGroup: Group = {
  name: "api-key",
  summary: "API signing keys of users (operator only)",
  commands: [upload, list, remove],
};
