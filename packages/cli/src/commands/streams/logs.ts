import { invocation } from "../../cli/command-context.js";
import { flag, optionalNumber, optionalString } from "../../cli/parse.js";
import type { Command } from "../../cli/spec.js";
import { UsageError } from "../../errors.js";
import { interruptSignal } from "./interrupt.js";

export const logsCommand: Command = {
  name: "logs",
  summary: "Print a container's output; --follow keeps streaming it across restarts (Caisson extension)",
  positionals: "CONTAINER_ID",
  description:
    "Prints what the container wrote to stdout and stderr in its current run, as written. With --follow, keeps " +
    "printing new output — also after the container restarts — until Ctrl-C.",
  usesServer: true,
  options: {
    follow: { type: "boolean", short: "f", description: "keep printing new output until Ctrl-C" },
    previous: { type: "boolean", description: "the previous run's output (after a restart)" },
    tail: { type: "string", placeholder: "N", description: "only the last N lines so far" },
    since: { type: "string", placeholder: "TIME", description: "only output written since TIME (RFC 3339)" },
  },
  examples: [
    "caisson logs --follow ocid1.computecontainer.oc1..aaaa",
    "caisson logs --tail 20 ocid1.computecontainer…",
  ],
  async run(ctx, args) {
    const [containerId, ...rest] = args.positionals;
    if (!containerId || rest.length > 0) throw new UsageError("give exactly one CONTAINER_ID", ctx.path);
    const tail = optionalNumber(args, "tail", ctx.path, { min: 0, max: 100_000 });
    const since = optionalString(args, "since");
    if (since !== undefined && Number.isNaN(Date.parse(since))) {
      throw new UsageError(`--since must be an RFC 3339 time, got "${since}"`, ctx.path);
    }
    const inv = invocation(ctx, args);
    const interrupt = interruptSignal();
    const decoder = new TextDecoder();
    try {
      const chunks = inv.session.client.followLogs(containerId, {
        follow: flag(args, "follow"),
        previous: flag(args, "previous"),
        ...(tail !== undefined && { tail }),
        ...(since !== undefined && { since }),
        signal: interrupt.signal,
      });
      for await (const chunk of chunks) ctx.out.stdout(decoder.decode(chunk, { stream: true }));
      ctx.out.stdout(decoder.decode());
    } finally {
      interrupt.dispose();
    }
    return 0;
  },
};
