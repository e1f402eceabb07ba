import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { fromFile, parseConfigFile } from "../src/config/config-file.js";
import { validateConfig } from "../src/config/validate.js";
import { InvalidConfigError } from "../src/errors.js";
import { fingerprint, TENANCY, USER } from "./helpers/keys.js";

const home = mkdtempSync(join(tmpdir(), "caisson-sdk-config-"));
mkdirSync(join(home, ".oci"));

function write(name: string, text: string): string {
  const path = join(home, name);
  writeFileSync(path, text);
  return path;
}

const FILE = `
# comment lines and blank lines are ignored

[DEFAULT]
user = ${USER}
fingerprint=${fingerprint}
tenancy = ${TENANCY}
region = us-ashburn-1
key_file = ~/.oci/key.pem

[PHX]
region=us-phoenix-1
pass_phrase = a=b=c

[OTHER_USER]
user = ocid1.user.oc1..other
key_file = /abs/other.pem
`;

function problemKeys(fn: () => unknown): string[] {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidConfigError);
    return (error as InvalidConfigError).problems.map((p) => p.key);
  }
  throw new Error("expected InvalidConfigError");
}

describe("fromFile", () => {
  const path = write("config", FILE);

  it("reads DEFAULT and expands ~ in key_file", () => {
    const config = fromFile(path, undefined, { env: {}, home });
    expect(config).toMatchObject({ user: USER, tenancy: TENANCY, fingerprint, region: "us-ashburn-1" });
    expect(config.key_file).toBe(join(home, ".oci/key.pem"));
  });

  it("inherits missing keys from DEFAULT and lets the profile override them", () => {
    const phx = fromFile(path, "PHX", { env: {}, home });
    expect(phx.region).toBe("us-phoenix-1");
    expect(phx.user).toBe(USER);
    expect(phx.pass_phrase).toBe("a=b=c"); // split at the first '=' only
    const other = fromFile(path, "OTHER_USER", { env: {}, home });
    expect(other.user).toBe("ocid1.user.oc1..other");
    expect(other.key_file).toBe("/abs/other.pem");
    expect(other.region).toBe("us-ashburn-1");
  });

  it("takes the file from OCI_CONFIG_FILE and the profile from OCI_CLI_PROFILE; arguments win", () => {
    const env = { OCI_CONFIG_FILE: path, OCI_CLI_PROFILE: "PHX" };
    expect(fromFile(undefined, undefined, { env, home }).region).toBe("us-phoenix-1");
    expect(fromFile(undefined, "DEFAULT", { env, home }).region).toBe("us-ashburn-1");
    const otherPath = write("config2", FILE.replace("us-phoenix-1", "eu-frankfurt-1"));
    expect(fromFile(otherPath, undefined, { env, home }).region).toBe("eu-frankfurt-1");
  });

  it("defaults to ~/.oci/config and expands ~ in the path argument", () => {
    write(".oci/config", FILE.replace("us-ashburn-1", "uk-london-1"));
    expect(fromFile(undefined, undefined, { env: {}, home }).region).toBe("uk-london-1");
    expect(fromFile("~/config", undefined, { env: {}, home }).region).toBe("us-ashburn-1");
  });

  it("rejects a key before any profile, naming the line", () => {
    const bad = write("bad", `user=${USER}\n[DEFAULT]\nregion=x\n`);
    expect(() => fromFile(bad, undefined, { env: {}, home })).toThrow(/line 1.*before any \[PROFILE\]/);
  });

  it("reports a missing profile and a missing file", () => {
    expect(problemKeys(() => fromFile(path, "NOPE", { env: {}, home }))).toEqual(["profile"]);
    expect(problemKeys(() => fromFile(join(home, "missing"), undefined, { env: {}, home }))).toEqual(["config_file"]);
  });

  it("validates the merged profile and names every problem", () => {
    const bad = write("invalid", "[DEFAULT]\nuser=not-an-ocid\nfingerprint=zz\n");
    const error = (() => {
      try {
        fromFile(bad, undefined, { env: {}, home });
      } catch (e) {
        return e as InvalidConfigError;
      }
    })();
    expect(error?.problems.map((p) => p.key)).toEqual(["user", "tenancy", "fingerprint", "region", "key_file"]);
    expect(error?.message).toContain("[DEFAULT]");
  });

  it("parses profiles exactly", () => {
    const profiles = parseConfigFile("[A]\nk = v w \n\n# c\n[B]\nx=1\n[A]\ny=2\n");
    expect(Object.fromEntries(profiles)).toEqual({ A: { k: "v w", y: "2" }, B: { x: "1" } });
  });
});

describe("validateConfig", () => {
  const good = { user: USER, tenancy: TENANCY, fingerprint, region: "us-ashburn-1", key_file: "/k.pem" };

  it("accepts a complete config, with key_file or key_content", () => {
    expect(() => validateConfig(good)).not.toThrow();
    expect(() => validateConfig({ ...good, key_file: undefined, key_content: "PEM" })).not.toThrow();
  });

  it("names every missing key at once", () => {
    expect(problemKeys(() => validateConfig({}))).toEqual(["user", "tenancy", "fingerprint", "region", "key_file"]);
  });

  it("names every malformed key at once", () => {
    const bad = { ...good, user: "user1", tenancy: "ocid2.tenancy", fingerprint: "aa:bb:cc" };
    expect(problemKeys(() => validateConfig(bad))).toEqual(["user", "tenancy", "fingerprint"]);
  });

  it.each([
    ["f2:71:cf:d6:1c:aa:6c:23:63:e9:5e:52:4c:6b:04:1d", true],
    ["F2:71:CF:D6:1C:AA:6C:23:63:E9:5E:52:4C:6B:04:1D", true],
    ["f2:71:cf:d6:1c:aa:6c:23:63:e9:5e:52:4c:6b:04", false],
    ["f2:71:cf:d6:1c:aa:6c:23:63:e9:5e:52:4c:6b:04:1d:00", false],
    ["f271cfd61caa6c2363e95e524c6b041d", false],
    ["g2:71:cf:d6:1c:aa:6c:23:63:e9:5e:52:4c:6b:04:1d", false],
  ])("fingerprint %s valid=%s", (value, valid) => {
    const check = () => validateConfig({ ...good, fingerprint: value });
    if (valid) expect(check).not.toThrow();
    else expect(problemKeys(check)).toEqual(["fingerprint"]);
  });

  it("treats a blank region as missing", () => {
    expect(problemKeys(() => validateConfig({ ...good, region: "  " }))).toEqual(["region"]);
  });
});
