import { invocation } from "../../cli/command-context.js";
import { IF_MATCH_OPTION, WAIT_OPTIONS } from "../../cli/global-options.js";
import { optionalString, requiredString } from "../../cli/parse.js";
import type { Command } from "../../cli/spec.js";
import { waitRequest } from "../../input/wait.js";
import { answerAccepted } from "../shared/answers.js";

type Action =
  | "deleteContainerInstance"
  | "startContainerInstance"
  | "stopContainerInstance"
  | "restartContainerInstance";

/** delete, start, stop and restart take the same flags and answer the same way: a work request. */
function lifecycleCommand(name: string, action: Action, summary: string, operation: string): Command {
  return {
    name,
    summary: `${summary} (${operation})`,
    usesServer: true,
    options: {
      "container-instance-id": { type: "string", placeholder: "OCID", description: "the instance", required: true },
      ...IF_MATCH_OPTION,
      ...WAIT_OPTIONS,
    },
    examples: [`caisson container-instance ${name} --container-instance-id ocid1.… --wait-for-state SUCCEEDED`],
    async run(ctx, args) {
      const id = requiredString(args, "container-instance-id", ctx.path);
      const wait = waitRequest(args, ctx.path);
      const inv = invocation(ctx, args);
      const response = await inv.session.client[action](id, { ifMatch: optionalString(args, "if-match") });
      return answerAccepted(ctx, inv, response, wait);
    },
  };
}

export const deleteInstance = lifecycleCommand(
  "delete",
  "deleteContainerInstance",
  "Delete a container instance and its containers",
  "DeleteContainerInstance",
);
export const startInstance = lifecycleCommand(
  "start",
  "startContainerInstance",
  "Start a stopped container instance",
  "StartContainerInstance",
);
export const stopInstance = lifecycleCommand(
  "stop",
  "stopContainerInstance",
  "Stop a container instance",
  "StopContainerInstance",
);
export const restartInstance = lifecycleCommand(
  "restart",
  "restartContainerInstance",
  "Restart every container of an instance",
  "RestartContainerInstance",
);
