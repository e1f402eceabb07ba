import { mkdtemp, readFile, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as common from "oci-common";
import { afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { ApiKey } from "../../src/auth/api-key.js";
import { renderOciConfig, writeOciConfig } from "../../src/auth/oci-config-file.js";
import { verifySignature } from "../../src/auth/signature-verifier.js";
import { testApiKey } from "../support/test-keys.js";
import { depsFor, ENDPOINT, SIGNED_AT, TENANCY, USER } from "./signing-fixtures.js";

const profile = { user: USER, tenancy: TENANCY, region: "us-ashburn-1" };
let key: ApiKey;
let dir: string;

beforeAll(async () => {
  key = testApiKey(0);
});
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "caisson-oci-config-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("renderOciConfig", () => {
  it("renders one INI profile with the five keys clients need", () => {
    const text = renderOciConfig({ ...profile, fingerprint: "aa:bb", keyFile: "/data/oci_api_key.pem" });
    expect(text).toBe(
      [
        "[DEFAULT]",
        `user=${USER}`,
        "fingerprint=aa:bb",
        `tenancy=${TENANCY}`,
        "region=us-ashburn-1",
        "key_file=/data/oci_api_key.pem",
        "",
      ].join("\n"),
    );
  });

  it("refuses values that would inject lines or profiles", () => {
    const base = { ...profile, fingerprint: "aa:bb", keyFile: "/k.pem" };
    expect(() => renderOciConfig({ ...base, user: "x\n[OTHER]" })).toThrow(/invalid value for user/);
    expect(() => renderOciConfig({ ...base, region: " us-ashburn-1" })).toThrow(/invalid value for region/);
    expect(() => renderOciConfig({ ...base, profile: "A]\n[B" })).toThrow(/invalid profile name/);
  });
});

describe("writeOciConfig", () => {
  it("writes config and key, mode 0600, that oci-common's ConfigFileReader reads back", async () => {
    const written = await writeOciConfig(
      join(dir, "nested"),
      { ...profile, fingerprint: key.fingerprint },
      key.privateKeyPem,
    );
    expect(written).toEqual({
      configPath: join(dir, "nested", "config"),
      keyFilePath: join(dir, "nested", "oci_api_key.pem"),
    });
    expect((await stat(written.configPath)).mode & 0o777).toBe(0o600);
    expect((await stat(written.keyFilePath)).mode & 0o777).toBe(0o600);
    expect(await readFile(written.keyFilePath, "utf8")).toBe(key.privateKeyPem);

    const config = common.ConfigFileReader.parseFileFromPath(written.configPath, "DEFAULT");
    expect(config.get("user")).toBe(USER);
    expect(config.get("tenancy")).toBe(TENANCY);
    expect(config.get("fingerprint")).toBe(key.fingerprint);
    expect(config.get("region")).toBe("us-ashburn-1");
    expect(config.get("key_file")).toBe(written.keyFilePath);
  });

  it("overwrites an earlier config, keeping mode 0600", async () => {
    await writeOciConfig(dir, { ...profile, fingerprint: "old" }, "old key");
    const written = await writeOciConfig(dir, { ...profile, fingerprint: key.fingerprint }, key.privateKeyPem);
    expect(await readFile(written.configPath, "utf8")).toContain(`fingerprint=${key.fingerprint}`);
    expect((await stat(written.keyFilePath)).mode & 0o777).toBe(0o600);
  });

  it("gives oci-common's config-file provider everything it needs to sign requests Caisson accepts", async () => {
    const written = await writeOciConfig(dir, { ...profile, fingerprint: key.fingerprint }, key.privateKeyPem);
    const provider = new common.ConfigFileAuthenticationDetailsProvider(written.configPath, "DEFAULT");
    expect(await provider.getKeyId()).toBe(`${TENANCY}/${USER}/${key.fingerprint}`);
    expect(provider.getRegion()).toBe(common.Region.US_ASHBURN_1);

    const headers = new Headers({ "x-date": SIGNED_AT.toUTCString() });
    const httpRequest = { method: "GET" as const, uri: `${ENDPOINT}/20210415/workRequests?compartmentId=c`, headers };
    await new common.DefaultRequestSigner(provider).signHttpRequest(httpRequest);
    const request = {
      method: "GET",
      target: "/20210415/workRequests?compartmentId=c",
      headers: Object.fromEntries(headers.entries()),
      body: undefined,
    };
    await expect(verifySignature(request, depsFor([key]))).resolves.toMatchObject({ fingerprint: key.fingerprint });
  });
});
