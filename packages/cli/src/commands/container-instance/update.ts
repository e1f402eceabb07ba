import { invocation } from "../../cli/command-context.js";
import { IF_MATCH_OPTION, WAIT_OPTIONS } from "../../cli/global-options.js";
import { optionalString, requiredString } from "../../cli/parse.js";
import type { Command } from "../../cli/spec.js";
import { UsageError } from "../../errors.js";
import { complexObject } from "../../input/complex-arg.js";
import { waitRequest } from "../../input/wait.js";
import { answerAccepted } from "../shared/answers.js";

const ID = {
  "container-instance-id": { type: "string", placeholder: "OCID", description: "the instance", required: true },
} as const;

export const updateInstance: Command = {
  name: "update",
  summary: "Rename or retag a container instance (UpdateContainerInstance)",
  usesServer: true,
  options: {
    ...ID,
    "display-name": { type: "string", placeholder: "NAME", description: "new name" },
    "freeform-tags": { type: "string", placeholder: "JSON", description: "replaces the free-form tags" },
    "defined-tags": { type: "string", placeholder: "JSON", description: "replaces the defined tags" },
    ...IF_MATCH_OPTION,
    ...WAIT_OPTIONS,
  },
  examples: [
    "caisson container-instance update --container-instance-id ocid1.… --display-name web-2 --wait-for-state SUCCEEDED",
  ],
  async run(ctx, args) {
    const p = ctx.path;
    const id = requiredString(args, "container-instance-id", p);
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
    const ifMatch = optionalString(args, "if-match");
    const response = await inv.session.client.updateContainerInstance(id, details, { ifMatch });
    return answerAccepted(ctx, inv, response, wait);
  },
};

export const changeCompartment: Command = {
  name: "change-compartment",
  summary: "Move a container instance to another compartment (ChangeContainerInstanceCompartment)",
  usesServer: true,
  options: {
    ...ID,
    "compartment-id": {
      type: "string",
      placeholder: "OCID",
      description: "the destination compartment",
      required: true,
    },
    ...IF_MATCH_OPTION,
    ...WAIT_OPTIONS,
  },
  examples: [
    "caisson container-instance change-compartment --container-instance-id ocid1.… --compartment-id ocid1.compartment.…",
  ],
  async run(ctx, args) {
    const p = ctx.path;
    const id = requiredString(args, "container-instance-id", p);
    const compartmentId = requiredString(args, "compartment-id", p);
    const wait = waitRequest(args, p);
    const inv = invocation(ctx, args);
    const response = await inv.session.client.changeContainerInstanceCompartment(
      id,
      { compartmentId },
      { ifMatch: optionalString(args, "if-match") },
    );
    return answerAccepted(ctx, inv, response, wait);
  },
};
