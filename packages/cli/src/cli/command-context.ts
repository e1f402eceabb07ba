import { Session } from "../client/session.js";
import { type Envelope, type OutputFormat, outputFormat, render } from "../format/render.js";
import { type Style, styleFor } from "../format/style.js";
import { flag, optionalString } from "./parse.js";
import type { CommandContext, ParsedArgs } from "./spec.js";

/** What a server-side command works with, built from the connection flags it was given. */
export interface Invocation {
  session: Session;
  format: OutputFormat;
  style: Style;
  print(envelope: Envelope): void;
}

export function invocation(ctx: CommandContext, args: ParsedArgs): Invocation {
  const format = outputFormat(optionalString(args, "output"), ctx.path);
  const session = Session.open(
    {
      configFile: optionalString(args, "config-file"),
      profile: optionalString(args, "profile"),
      endpoint: optionalString(args, "endpoint"),
      noRetry: flag(args, "no-retry"),
    },
    ctx.env,
  );
  const style = styleFor(ctx.out.isTty, ctx.env);
  return { session, format, style, print: (envelope) => render(ctx.out, format, envelope, style) };
}
