import type { CaissonEvent } from "@caisson/sdk";
import { invocation } from "../../cli/command-context.js";
import { flag, optionalString } from "../../cli/parse.js";
import type { Command } from "../../cli/spec.js";
import { UsageError } from "../../errors.js";
import { interruptSignal } from "./interrupt.js";

export const eventsCommand: Command = {
  name: "events",
  summary: "Print lifecycle events of instances, containers and work requests (Caisson extension)",
  description:
    "One line per event, oldest first: state changes, exits with their codes, restarts, health changes and " +
    "work-request progress in your tenancy. With --follow, keeps printing new events as they happen (and " +
    "reconnects if the connection drops) until Ctrl-C. --output json prints each event as one JSON object per line.",
  usesServer: true,
  options: {
    "compartment-id": { type: "string", placeholder: "OCID", description: "only this compartment's events" },
    follow: { type: "boolean", short: "f", description: "keep printing new events until Ctrl-C" },
    after: {
      type: "string",
      placeholder: "ID",
      description: "start after this event id; latest = only new ones (default: the oldest kept)",
    },
  },
  examples: ["caisson events --follow", "caisson events --after latest --follow --output json"],
  async run(ctx, args) {
    const after = optionalString(args, "after");
    if (after !== undefined && !/^(0|[1-9][0-9]{0,17}|latest)$/.test(after)) {
      throw new UsageError(`--after must be an event id or latest, got "${after}"`, ctx.path);
    }
    const json = optionalString(args, "output") === "json";
    const inv = invocation(ctx, args);
    const interrupt = interruptSignal();
    try {
      const events = inv.session.client.events({
        compartmentId: optionalString(args, "compartment-id"),
        ...(after !== undefined && { after }),
        follow: flag(args, "follow"),
        signal: interrupt.signal,
      });
      for await (const event of events) ctx.out.stdout(`${json ? JSON.stringify(event) : eventLine(event)}\n`);
    } finally {
      interrupt.dispose();
    }
    return 0;
  },
};

/** `TIME  TYPE  RESOURCE  what changed`. */
export function eventLine(event: CaissonEvent): string {
  const change =
    event.lifecycleState !== undefined
      ? `${event.previousLifecycleState ? `${event.previousLifecycleState} → ` : ""}${event.lifecycleState}`
      : event.status !== undefined
        ? `${event.operationType ?? ""} ${event.status}`.trim()
        : event.type === "container.exited"
          ? `exited${event.exitCode === undefined ? "" : ` with code ${event.exitCode}`}`
          : event.restartCount !== undefined
            ? `restart ${event.restartCount}`
            : (event.healthStatus ?? "");
  const detail = event.message ? ` (${event.message})` : "";
  return `${event.time}  ${event.type.padEnd(30)}  ${event.resourceId}  ${change}${detail}`;
}
