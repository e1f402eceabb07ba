import { homedir } from "node:os";
import { join, resolve } from "node:path";
import { optionalString } from "../cli/parse.js";
import type { Command } from "../cli/spec.js";
import { UsageError } from "../errors.js";

const MARK = { ok: "ok  ", info: "--  ", warn: "WARN", fail: "FAIL" } as const;

/**
 * `caisson doctor`: one line per thing `caisson serve` needs (Node, an engine and a container that really starts,
 * the data directory and its lock, the database, the port, the config file and key, the clock), the command that
 * fixes each problem, and an exit status that says whether Caisson can run here. It only reads: nothing is
 * created, migrated or locked, so it is safe beside a running server.
 */
export const doctorCommand: Command = {
  name: "doctor",
  summary: "Check what Caisson needs on this machine, and print the command that fixes each problem",
  description: [
    "Checks Node, every engine socket 'caisson serve' would try (and why each did not answer), a real probe",
    "container, the data directory and its lock, the database and its migrations, the port, the config file and",
    "the key's permissions, and the clock (signatures fail beyond 5 minutes of skew). Exits 0 when Caisson can run",
    "containers here, 1 when something failed (with --runtime emulated, an engine is not required).",
  ].join("\n"),
  usesServer: false,
  options: {
    "data-dir": { type: "string", placeholder: "DIR", description: "data directory to check (default ~/.caisson)" },
    database: {
      type: "string",
      placeholder: "PATH|URL",
      description: "as serve --database (default <data-dir>/caisson.db)",
    },
    host: { type: "string", placeholder: "HOST", description: "address serve would listen on (default 127.0.0.1)" },
    port: {
      type: "string",
      placeholder: "PORT",
      description: "port serve would use (default $CAISSON_PORT, else 9911)",
    },
    runtime: {
      type: "string",
      placeholder: "NAME",
      description: "auto (default), docker or emulated (needs no engine)",
    },
    "docker-host": { type: "string", placeholder: "URL", description: "check only this engine endpoint" },
    image: {
      type: "string",
      placeholder: "REF",
      description: "image of the probe container (default serve's holder image, busybox:1.36)",
    },
    "time-url": {
      type: "string",
      placeholder: "URL|off",
      description: "compare the clock with this server's Date header (default https://registry.npmjs.org/)",
    },
  },
  examples: [
    "caisson doctor",
    "caisson doctor --image localhost/busybox:ci --docker-host unix:///run/podman/podman.sock",
    "caisson doctor --runtime emulated --time-url off",
  ],
  async run(ctx, args) {
    const p = ctx.path;
    const portText = optionalString(args, "port") ?? ctx.env.CAISSON_PORT;
    const port = portText === undefined || portText === "" ? 9911 : Number(portText);
    if (!Number.isInteger(port) || port < 0 || port > 65535)
      throw new UsageError(`--port must be 0..65535, got ${portText}`, p);
    const runtime = optionalString(args, "runtime") ?? "auto";
    if (runtime !== "auto" && runtime !== "docker" && runtime !== "emulated") {
      throw new UsageError(`--runtime must be auto, docker or emulated, got ${runtime}`, p);
    }
    const timeUrl = optionalString(args, "time-url");
    const dataDir = resolve(optionalString(args, "data-dir") ?? join(ctx.env.HOME || homedir(), ".caisson"));
    const { runDoctor, canServe } = await import("@caisson/server");
    const database = optionalString(args, "database");
    const dockerHost = optionalString(args, "docker-host");
    const image = optionalString(args, "image");
    const host = optionalString(args, "host");
    ctx.out.stdout(`Caisson doctor: what 'caisson serve' needs, and what this machine has\n`);
    const checks = await runDoctor({
      dataDir,
      port,
      runtime,
      env: ctx.env,
      ...(database && { database }),
      ...(host && { host }),
      ...(dockerHost && { dockerHost }),
      ...(image && { image }),
      ...(timeUrl !== undefined && { timeUrl: timeUrl === "off" ? false : timeUrl }),
      onCheck: (check) => {
        ctx.out.stdout(`  ${MARK[check.status]}  ${check.name.padEnd(9)} ${check.found}\n`);
        if (check.fix) ctx.out.stdout(`        fix: ${check.fix}\n`);
      },
    });
    const failed = checks.filter((c) => c.status === "fail").length;
    if (canServe(checks)) {
      ctx.out.stdout(
        runtime === "emulated"
          ? "Caisson can run here (emulated: no containers run).\n"
          : "Caisson can run containers here.\n",
      );
      return 0;
    }
    ctx.out.stdout(`Caisson cannot run here: ${failed} check(s) failed; run the fix under each FAIL line.\n`);
    return 1;
  },
};
