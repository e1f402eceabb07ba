import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { main } from "../src/main.js";
import type { Output } from "../src/output.js";
import { type ServeProcess, startServe } from "./support/serve-process.js";

// Progress and colour depend on whether the streams are terminals, which a subprocess with pipes never has: so
// these run `main` in-process with an injected Output, against the same real `caisson serve`.
let server: ServeProcess;
beforeAll(async () => {
  server = await startServe();
});
afterAll(async () => {
  expect(await server.stop()).toBe(0);
});

function capture(tty: boolean): Output & { out: string; err: string } {
  const sink = {
    out: "",
    err: "",
    isTty: tty,
    errIsTty: tty,
    stdout: (text: string) => {
      sink.out += text;
    },
    stderr: (text: string) => {
      sink.err += text;
    },
  };
  return sink;
}

const ESC = "\u001b[";

describe("on a terminal", () => {
  const connection = () => ["--config-file", server.configFile, "--endpoint", server.url];

  test("waiting shows a spinner on stderr and clears it; tables and errors are coloured", async () => {
    const term = capture(true);
    const code = await main(
      [
        "container-instance",
        "create",
        "--containers",
        '[{"imageUrl":"busybox"}]',
        "--wait-for-state",
        "SUCCEEDED",
        ...connection(),
      ],
      term,
      {},
    );
    expect(code).toBe(0);
    expect(term.err.startsWith("\r\u001b[2K⠋ Waiting for work request ocid1.")).toBe(true);
    expect(term.err).toContain(" to be SUCCEEDED (0s)");
    expect(term.err.endsWith("\r\u001b[2K")).toBe(true);
    // JSON stays plain even on a terminal: it is for copying and for jq.
    expect(JSON.parse(term.out).data.status).toBe("SUCCEEDED");

    const table = capture(true);
    expect(await main(["container-instance", "list", "-o", "table", ...connection()], table, {})).toBe(0);
    expect(table.out).toContain(`${ESC}1mDISPLAY NAME${ESC}22m`);
    expect(table.out).toContain(`${ESC}32mACTIVE${ESC}39m`);

    const failed = capture(true);
    expect(await main(["work-request", "get", "--work-request-id", "ocid1.x", ...connection()], failed, {})).toBe(1);
    expect(failed.err.startsWith(`${ESC}31mError:${ESC}39m NotAuthorizedOrNotFound (404): `)).toBe(true);
  });

  test("NO_COLOR turns colours off but keeps the spinner", async () => {
    const term = capture(true);
    expect(await main(["container-instance", "list", "-o", "table", ...connection()], term, { NO_COLOR: "1" })).toBe(0);
    expect(term.out).not.toContain(ESC);
    const wait = capture(true);
    const args = [
      "container-instance",
      "create",
      "--containers",
      '[{"imageUrl":"busybox"}]',
      "--wait-for-state",
      "SUCCEEDED",
    ];
    expect(await main([...args, ...connection()], wait, { NO_COLOR: "1" })).toBe(0);
    expect(wait.err).toContain("⠋ Waiting for work request");
  });

  test("not a terminal: no spinner and no escape codes at all", async () => {
    const pipe = capture(false);
    const args = [
      "container-instance",
      "create",
      "--containers",
      '[{"imageUrl":"busybox"}]',
      "--wait-for-state",
      "SUCCEEDED",
    ];
    expect(await main([...args, ...connection()], pipe, {})).toBe(0);
    expect(pipe.err).toBe("");
    const table = capture(false);
    expect(await main(["container-instance", "list", "-o", "table", ...connection()], table, {})).toBe(0);
    expect(table.out).not.toContain(ESC);
  });
});
