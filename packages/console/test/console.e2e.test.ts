import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { type AddressInfo, createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type * as ci from "oci-containerinstances";
import { type BrowserContext, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import {
  ENGINES,
  type EngineName,
  engineContainers,
  engineUnavailable,
  IMAGE,
  type RuntimeServer,
  startRuntimeServer,
  tearDown,
  until,
  waitForInstanceState,
} from "../../cli/test/runtime/support/harness.js";
import { against, ok } from "../../cli/test/support/cli-process.js";
import { officialClient } from "../../cli/test/support/official-clients.js";
import { suiteRunsHere } from "../../server/test/support/needs.js";

/**
 * The console end to end, in headless Chromium driven by Playwright, against `caisson serve` on a real engine:
 * what a person does after the quickstart, from the printed link to a deleted instance.
 */
const CHROMIUM = process.env.CAISSON_TEST_CHROMIUM ?? "/usr/bin/chromium";
const CHROMIUM_FLAGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];
const ENABLE_CHROMIUM = "sudo bash .ci/steps/50-chromium.sh (or CAISSON_TEST_CHROMIUM=/path/to/chromium)";
/** docs/console.png is rewritten only on request, so test runs leave the tree clean. */
const SCREENSHOT = process.env.CAISSON_WRITE_SCREENSHOT === "1";
const LONG = 240_000;

for (const engine of Object.keys(ENGINES) as EngineName[]) {
  const missingChromium = existsSync(CHROMIUM) ? undefined : `no Chromium at ${CHROMIUM}`;
  const missing = missingChromium ?? (await engineUnavailable(ENGINES[engine]));
  const enable = missingChromium
    ? ENABLE_CHROMIUM
    : `sudo bash .ci/steps/${engine === "podman" ? "10-podman" : "20-docker"}.sh`;
  if (suiteRunsHere(`console in Chromium on ${engine}`, missing, enable)) consoleSuite(engine);
}

function consoleSuite(engine: EngineName): void {
  describe(`console in Chromium on ${engine}`, () => {
    let server: RuntimeServer | undefined;
    let browser: BrowserContext | undefined;
    let page: Page;
    const temporary: string[] = [];
    const tempDir = (prefix: string) => {
      const dir = mkdtempSync(join(tmpdir(), prefix));
      temporary.push(dir);
      return dir;
    };
    let team: {
      dir: string;
      tenancyId: string;
      userId: string;
      fingerprint: string;
      subnetId: string;
      availabilityDomain: string;
    };
    let teamClient: ci.ContainerInstanceClient;
    const teamInstances: string[] = [];
    let instanceId = "";
    let containerId = "";

    const s = () => {
      if (!server) throw new Error("no server");
      return server;
    };
    const consoleUrl = (fragment = "") => `${s().serve.url}/console/${fragment}`;
    const stateOfRow = (id: string) => page.locator(`tr[data-instance-id="${id}"] .badge`);

    beforeAll(async () => {
      server = await startRuntimeServer(engine, { args: ["--console-session-ttl", "1h"] });
      const dir = tempDir("caisson-team-");
      const created = (await ok(
        against(server.serve)([
          "admin",
          "tenancy",
          "create",
          "--name",
          "team-b",
          "--output-dir",
          dir,
          "--output",
          "json",
        ]),
      )) as { data?: Record<string, string> } & Record<string, string>;
      const t = (created.data ?? created) as Record<string, string>;
      team = {
        dir,
        tenancyId: t.tenancyId!,
        userId: t.userId!,
        fingerprint: t.fingerprint!,
        subnetId: t.subnetId!,
        availabilityDomain: t.availabilityDomain!,
      };
      teamClient = officialClient(join(dir, "config"), server.serve.url);
      browser = await chromium.launchPersistentContext(tempDir("caisson-chromium-"), {
        executablePath: CHROMIUM,
        headless: true,
        args: CHROMIUM_FLAGS,
        viewport: { width: 1280, height: 800 },
        acceptDownloads: true,
      });
      page = browser.pages()[0] ?? (await browser.newPage());
      page.setDefaultTimeout(30_000);
    }, LONG);

    afterAll(async () => {
      await browser?.close().catch(() => {});
      if (server) {
        for (const id of teamInstances) {
          await teamClient.deleteContainerInstance({ containerInstanceId: id }).catch(() => {});
          await until(`team instance ${id} gone`, async () =>
            (await engineContainers(server!, id)).length === 0 ? true : undefined,
          ).catch(() => {});
        }
        teamClient?.close();
        await tearDown(server, team ? [team.subnetId] : []);
        // Team instances were created by another client: remove whatever the engine still holds for them.
        const { removeByLabel } = await import("../../cli/test/runtime/support/harness.js");
        await removeByLabel(server.docker, teamInstances, []);
      }
      for (const dir of temporary) rmSync(dir, { recursive: true, force: true });
    }, LONG);

    test(
      "the link caisson serve printed signs the operator in, once",
      async () => {
        const link = /console\s+(http:\/\/\S+#sign-in=[\w-]+)/.exec(s().serve.output())?.[1];
        expect(link, s().serve.output()).toBeDefined();
        await page.goto(link!);
        await expect(page.getByRole("heading", { name: "Container instances" }).waitFor()).resolves.toBeUndefined();
        // The token left the address bar (and the history) at once.
        expect(page.url()).not.toContain("sign-in=");
        // The cookie is HttpOnly and SameSite=Strict: scripts on the page cannot read it.
        const [cookie] = await browser!.cookies(s().serve.url);
        expect(cookie).toMatchObject({ name: "caisson_console", httpOnly: true, sameSite: "Strict" });
        expect(await page.evaluate("document.cookie")).toBe("");
        // A second use of the same link is refused.
        const again = await fetch(`${s().serve.url}/_caisson/console/session`, {
          method: "POST",
          headers: { origin: s().serve.url, "content-type": "application/json" },
          body: JSON.stringify({ signInLink: new URL(link!).hash.replace("#sign-in=", "") }),
        });
        expect(again.status).toBe(401);
      },
      LONG,
    );

    test(
      "the create form shows the API's validation by the field, then creates; the instance becomes ACTIVE",
      async () => {
        await page.getByRole("link", { name: "Create", exact: true }).click();
        await page.getByRole("heading", { name: "Create a container instance" }).waitFor();
        // No image: the API's own message appears by the image field.
        await page.locator('form [name="memoryInGBs"]').fill("1");
        await page.getByRole("button", { name: "Create", exact: true }).click();
        await expect(page.locator("#imageUrl-error").textContent()).resolves.toMatch(/imageUrl/);

        const field = (name: string) => page.locator(`form [name="${name}"]`);
        await field("displayName").fill("console-e2e");
        await field("imageUrl").fill(IMAGE);
        await field("command").fill("sh -c");
        await field("arguments").fill(
          'echo hello-from-console "$GREETING"; i=0; while true; do echo tick $i; i=$((i+1)); sleep 1; done',
        );
        await field("environment").fill("GREETING=bonjour");
        await field("restartPolicy").selectOption("NEVER");
        // A host port a process on this machine holds: refused before anything is created, shown by its field.
        const holder = createServer();
        await new Promise<void>((resolve) => holder.listen(0, "127.0.0.1", resolve));
        const taken = (holder.address() as AddressInfo).port;
        try {
          await field("publishedPorts").fill(`${taken}:8080`);
          await page.getByRole("button", { name: "Create", exact: true }).click();
          await expect(page.locator("#publishedPorts-error").textContent()).resolves.toContain(String(taken));
        } finally {
          holder.close();
        }
        await field("publishedPorts").fill("");
        await page.getByRole("button", { name: "Create", exact: true }).click();
        await page.getByRole("heading", { name: /^Creating console-e2e/ }).waitFor();
        await page.getByText("Running.").waitFor({ timeout: 120_000 });
        const list = await s().ci.listContainerInstances({ compartmentId: s().serve.info.compartmentId });
        const created = list.containerInstanceCollection.items.find((i) => i.displayName === "console-e2e");
        expect(created?.lifecycleState).toBe("ACTIVE");
        instanceId = created!.id;
        s().created.add(instanceId);
        expect(await engineContainers(s(), instanceId)).not.toHaveLength(0);
      },
      LONG,
    );

    test(
      "the instance page shows its containers; the logs follow what the container prints, and download",
      async () => {
        await page.goto(consoleUrl(`#/instances/${instanceId}`));
        await page.getByRole("heading", { name: /console-e2e/ }).waitFor();
        const row = page.locator("tr[data-container-id]");
        await expect(row.locator(".badge").textContent()).resolves.toBe("ACTIVE");
        await expect(row.locator("code").textContent()).resolves.toBe(IMAGE);
        containerId = (await row.getAttribute("data-container-id"))!;
        await row.getByRole("link", { name: "Logs" }).click();
        expect(page.url()).toContain(`#/containers/${containerId}/logs`);
        const logs = page.getByRole("log");
        await until("the greeting in the logs", async () =>
          (await logs.textContent())?.includes("hello-from-console bonjour") ? true : undefined,
        );
        // Following: lines the container prints later appear without any action.
        const first = Number(/tick (\d+)/.exec((await logs.textContent()) ?? "")?.[1] ?? 0);
        await until("later ticks in the logs", async () =>
          new RegExp(`tick ${first + 2}\\b`).test((await logs.textContent()) ?? "") ? true : undefined,
        );
        const [download] = await Promise.all([
          page.waitForEvent("download"),
          page.getByRole("button", { name: "Download" }).click(),
        ]);
        const saved = join(tempDir("caisson-download-"), "logs.txt");
        await download.saveAs(saved);
        expect(readFileSync(saved, "utf8")).toContain("hello-from-console bonjour");
        // The previous run is a click away (this container has had none: nothing to show, and no error).
        await page.getByLabel("Previous run").check();
        await until("the previous run's (empty) logs", async () =>
          (await logs.textContent())?.includes("hello-from-console") ? undefined : true,
        );
        await expect(page.locator(".error").count()).resolves.toBe(0);
      },
      LONG,
    );

    test(
      "the table follows changes made elsewhere without a reload; screenshot",
      async () => {
        // The page listens to the event stream under its session cookie (it would poll without one); a fresh
        // load of the page opens it.
        await page.goto(consoleUrl("#/instances"));
        const stream = page.waitForResponse((r) => r.url().includes("/_caisson/events?"));
        await page.reload();
        const opened = await stream;
        expect(opened.status()).toBe(200);
        expect(opened.headers()["content-type"]).toMatch(/^text\/event-stream/);
        await stateOfRow(instanceId).waitFor();
        await page.evaluate("window.notReloaded = true");
        // Stopped and started through the official SDK, not the page.
        await s().ci.stopContainerInstance({ containerInstanceId: instanceId });
        await until("the row to say INACTIVE", async () =>
          (await stateOfRow(instanceId).textContent()) === "INACTIVE" ? true : undefined,
        );
        await s().ci.startContainerInstance({ containerInstanceId: instanceId });
        await until("the row to say ACTIVE", async () =>
          (await stateOfRow(instanceId).textContent()) === "ACTIVE" ? true : undefined,
        );
        expect(await page.evaluate("window.notReloaded")).toBe(true);
        const path = SCREENSHOT
          ? join(import.meta.dirname, "../../../docs/console.png")
          : join(tempDir("caisson-shot-"), "console.png");
        await page.screenshot({ path });
        expect(readFileSync(path).subarray(1, 4).toString()).toBe("PNG");
      },
      LONG,
    );

    test(
      "stop and delete from the instance page, each after a confirmation",
      async () => {
        await page.goto(consoleUrl(`#/instances/${instanceId}`));
        await page.getByRole("heading", { name: /console-e2e/ }).waitFor();
        await until("Stop to be enabled", async () =>
          (await page.getByRole("button", { name: "Stop", exact: true }).isEnabled()) ? true : undefined,
        );
        await page.getByRole("button", { name: "Stop", exact: true }).click();
        const dialog = page.getByRole("dialog");
        await dialog.waitFor();
        // Cancel means no.
        await dialog.getByRole("button", { name: "Cancel" }).click();
        await expect(
          (await s().ci.getContainerInstance({ containerInstanceId: instanceId })).containerInstance.lifecycleState,
        ).toBe("ACTIVE");
        await page.getByRole("button", { name: "Stop", exact: true }).click();
        await dialog.getByRole("button", { name: "Stop", exact: true }).click();
        await waitForInstanceState(s(), instanceId, "INACTIVE");
        await until("the page to say INACTIVE", async () =>
          (await page.locator("h1 .badge").textContent()) === "INACTIVE" ? true : undefined,
        );

        await page.getByRole("button", { name: "Delete", exact: true }).click();
        await dialog.getByRole("button", { name: "Delete", exact: true }).click();
        await waitForInstanceState(s(), instanceId, "DELETED");
        await until("the engine to hold nothing of it", async () =>
          (await engineContainers(s(), instanceId)).length === 0 ? true : undefined,
        );
        s().created.delete(instanceId);
        await until("the page to say DELETED", async () =>
          (await page.locator("h1 .badge").textContent()) === "DELETED" ? true : undefined,
        );
      },
      LONG,
    );

    test(
      "another tenancy's instance is not reachable by URL",
      async () => {
        const created = await teamClient.createContainerInstance({
          createContainerInstanceDetails: {
            displayName: "team-b-secret",
            compartmentId: team.tenancyId,
            availabilityDomain: team.availabilityDomain,
            shape: "CI.Standard.E4.Flex",
            shapeConfig: { ocpus: 1, memoryInGBs: 1 },
            containers: [{ imageUrl: IMAGE, command: ["sleep", "600"] }],
            vnics: [{ subnetId: team.subnetId }],
            gracefulShutdownTimeoutInSeconds: 1,
          },
        });
        const other = created.containerInstance;
        teamInstances.push(other.id);
        await page.goto(consoleUrl(`#/instances/${other.id}`));
        await page.getByText("NotAuthorizedOrNotFound").waitFor();
        await expect(page.content()).resolves.not.toContain("team-b-secret");
        await page.goto(consoleUrl(`#/containers/${other.containers[0]!.containerId}/logs`));
        await page.getByText("NotAuthorizedOrNotFound").first().waitFor();
        // Nor through the API under the cookie, nor by naming its compartment.
        const listed = await page.evaluate(
          async (compartmentId) =>
            (await fetch(`/20210415/containerInstances?compartmentId=${encodeURIComponent(compartmentId)}`)).status,
          team.tenancyId,
        );
        expect(listed).toBe(404);
      },
      LONG,
    );

    test(
      "sign-out ends the session",
      async () => {
        await page.goto(consoleUrl("#/instances"));
        await page.getByRole("button", { name: "Sign out" }).click();
        await page.getByRole("heading", { name: "Caisson console" }).waitFor();
        expect(await page.evaluate(async () => (await fetch("/_caisson/console/session")).status)).toBe(401);
        await page.reload();
        await page.getByRole("button", { name: "Sign in" }).waitFor();
      },
      LONG,
    );

    test(
      "sign-in with an API key: a wrong key is refused, the right one sees only its tenancy",
      async () => {
        const operatorKey = readFileSync(join(s().serve.dataDir, "oci_api_key.pem"), "utf8");
        await page.goto(consoleUrl());
        await page.getByLabel(/^OCI config file/).fill(readFileSync(join(team.dir, "config"), "utf8"));
        await expect(page.getByLabel("User OCID").inputValue()).resolves.toBe(team.userId);
        await page.getByLabel("Private key (PEM)").fill(operatorKey);
        await page.getByRole("button", { name: "Sign in" }).click();
        await page.getByText(/Sign-in refused/).waitFor();
        expect(await browser!.cookies(s().serve.url)).toHaveLength(0);

        await page.getByLabel("…or read it from a file").setInputFiles(join(team.dir, "oci_api_key.pem"));
        await expect(page.getByLabel("Private key (PEM)").inputValue()).resolves.toContain("PRIVATE KEY");
        await page.getByRole("button", { name: "Sign in" }).click();
        await page.getByRole("heading", { name: "Container instances" }).waitFor();
        const teamRow = stateOfRow(teamInstances[0]!);
        await teamRow.waitFor();
        await expect(page.getByText("console-e2e").count()).resolves.toBe(0);
      },
      LONG,
    );
  });
}
