import type { Command } from "../cli/spec.js";

/**
 * `caisson serve` in the command tree (for help and completion). It keeps its own parser and help text, so its
 * flags and behaviour stay exactly what they were. Loaded on demand: the server (Fastify, SQLite, the engine
 * client) takes most of a second to import, which every other command would otherwise pay at each start.
 */
export const serveEntry: Command = {
  name: "serve",
  summary: "Start the Caisson server (OCI Container Instances API) on a local port",
  usesServer: false,
  raw: true,
  options: {
    host: { type: "string", description: "address to listen on" },
    port: { type: "string", description: "port (default 9911)" },
    "data-dir": { type: "string", description: "state directory (default ~/.caisson)" },
    database: { type: "string", description: "SQLite file or :memory:" },
    "start-over": { type: "boolean", description: "new operator tenancy although the data dir has an old one" },
    runtime: { type: "string", description: "auto, docker or emulated" },
    "docker-host": { type: "string", description: "engine endpoint" },
    region: { type: "string", description: "region id" },
    "emulated-delay": { type: "string", description: "emulated step delay (ms)" },
    "console-session-ttl": { type: "string", description: "web console session lifetime (e.g. 12h)" },
  },
  examples: ["caisson serve --port 9911 --runtime auto"],
  run: async (ctx, args) => (await import("./serve.js")).serveCommand(args.positionals, ctx.out, ctx.env),
};
