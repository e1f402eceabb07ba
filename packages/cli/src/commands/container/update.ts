import { invocation } from "../../cli/command-context.js";
import { IF_MATCH_OPTION, WAIT_OPTIONS } from "../../cli/global-options.js";
import { optionalString, requiredString } from "../../cli/parse.js";
import type { Command } from "../../cli/spec.js";
import { UsageError } from "../../errors.js";
import { complexObject } from "../../input/complex-arg.js";
import { waitRequest } from "../../input/wait.js";
import { answerAccepted } from "../shared/answers.js";

export const updateContainer: Command = {
  name: "update",
  summary: "Rename or retag a container (UpdateContainer)",
  usesServer: true,
  options: {
    "container-id": { type: "string", placeholder: "OCID", description: "the container", required: true },
    "display-name": { type: "string", placeholder: "NAME", description: "new name" },
    "freeform-tags": { type: "string", placeholder: "JSON", description: "replaces the free-form tags" },
    "defined-tags": { type: "string", placeholder: "JSON", description: "replaces the defined tags" },
    ...IF_MATCH_OPTION,
    ...WAIT_OPTIONS,
  },
  examples: [
    "caisson container update --container-id ocid1.computecontainer.… --display-name api --wait-for-state SUCCEEDED",
  ],
  async run(ctx, args) {
    const p = ctx.path;
    const id = requiredString(args, "container-id", p);
    const wait = waitRequest(args, p);
    const displayName = optionalString(args, "display-name");
    const freeform = optionalString(args, "freeform-tags");
    const defined = optionalString(args, "defined-tags");
    if (displayName === undefined && freeform === undefined && defined === undefined) {
      throw new UsageError("nothing to update: give --display-name, --freeform-tags or --defined-tags", p);
    }
    const details = {
      ...(displayName !== undefined && { displayName }),
      ...(freeform !== undefined && {
        freeformTags: complexObject("freeform-tags", freeform, p) as Record<string, string>,
      }),
      ...(defined !== undefined && {
        definedTags: complexObject("defined-tags", defined, p) as Record<string, Record<string, unknown>>,
      }),
    };
    const inv = invocation(ctx, args);
    const response = await inv.session.client.updateContainer(id, details, {
      ifMatch: optionalString(args, "if-match"),
    });
    return answerAccepted(ctx, inv, response, wait);
  },
};
