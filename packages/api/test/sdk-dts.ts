/**
 * Reads the official TypeScript SDK's declaration files (oci-containerinstances 2.139.1) so tests compare our
 * API description with the SDK programmatically rather than with a hand-copied list.
 */
import { readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

export const SDK_LIB = join(dirname(createRequire(import.meta.url).resolve("oci-containerinstances")), "lib");

export interface DtsField {
  name: string;
  optional: boolean;
  /** The declared type text, e.g. `string`, `Array<model.VolumeMount>`, `ContainerInstance.LifecycleState`, `{` (map). */
  type: string;
  /** For maps: whether the values are themselves maps (`definedTags`). */
  nestedMap?: boolean;
}

export interface DtsModel {
  name: string;
  file: string;
  parent?: string;
  fields: DtsField[];
  /** Enums declared in the file: top-level (`export declare enum X`) or nested in the namespace. */
  enums: Record<string, string[]>;
  /** `const volumeType = "EMPTYDIR"` and friends: the subtype's discriminator value. */
  constants: Record<string, string>;
  isEnum: boolean;
}

export const kebab = (name: string) => name.replace(/([a-z0-9])([A-Z])/g, "$1-$2").toLowerCase();

function parseEnums(text: string): Record<string, string[]> {
  const enums: Record<string, string[]> = {};
  for (const m of text.matchAll(/enum (\w+) \{([^}]*)\}/g)) {
    enums[m[1]!] = [...m[2]!.matchAll(/=\s*"([^"]+)"/g)].map((v) => v[1]!).filter((v) => v !== "UNKNOWN_VALUE");
  }
  return enums;
}

/** Parses `"field"?: type;` lines of the file's main interface. */
export function parseFields(text: string, interfaceName: string): DtsField[] {
  const start = text.indexOf(`export interface ${interfaceName} `);
  if (start < 0) return [];
  const lines = text.slice(start).split("\n");
  const fields: DtsField[] = [];
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.startsWith("}")) break;
    const m = /^\s*"(\w+)"(\??):\s*(.*?);?\s*$/.exec(line);
    if (!m) continue;
    const field: DtsField = { name: m[1]!, optional: m[2] === "?", type: m[3]! };
    if (field.type === "{") field.nestedMap = /\]:\s*\{/.test(lines[i + 1] ?? "");
    fields.push(field);
  }
  return fields;
}

export function loadModel(name: string): DtsModel {
  const file = join(SDK_LIB, "model", `${kebab(name)}.d.ts`);
  const text = readFileSync(file, "utf8");
  const parent = /export interface \w+ extends model\.(\w+)/.exec(text)?.[1];
  const constants: Record<string, string> = {};
  for (const m of text.matchAll(/const (\w+) = "([^"]+)";/g)) constants[m[1]!] = m[2]!;
  return {
    name,
    file,
    ...(parent ? { parent } : {}),
    fields: parseFields(text, name),
    enums: parseEnums(text),
    constants,
    isEnum: new RegExp(`export declare enum ${name} `).test(text),
  };
}

/** Every model file name of the SDK, as model names (PascalCase). */
export function sdkModelNames(): string[] {
  const index = readFileSync(join(SDK_LIB, "model", "index.d.ts"), "utf8");
  return [...index.matchAll(/export import (\w+) = /g)].map((m) => m[1]!);
}

/** Own fields plus inherited ones (the .d.ts of a subtype lists only its own). */
export function allFields(name: string): DtsField[] {
  const model = loadModel(name);
  const inherited = model.parent ? allFields(model.parent) : [];
  const own = new Map(model.fields.map((f) => [f.name, f]));
  return [...inherited.filter((f) => !own.has(f.name)), ...model.fields];
}

/** Subtypes of each polymorphic base, from the `extends` clauses. */
export function subtypesOf(base: string): string[] {
  return sdkModelNames().filter((n) => {
    try {
      return loadModel(n).parent === base;
    } catch {
      return false;
    }
  });
}

export function readRequestFields(operationName: string): DtsField[] {
  const text = readFileSync(join(SDK_LIB, "request", `${kebab(operationName)}-request.d.ts`), "utf8");
  return parseFields(text, `${operationName}Request`);
}

export function readResponseFields(operationName: string): DtsField[] {
  const text = readFileSync(join(SDK_LIB, "response", `${kebab(operationName)}-response.d.ts`), "utf8");
  return parseFields(text, `${operationName}Response`);
}

export function readRequestEnums(operationName: string): Record<string, string[]> {
  return parseEnums(readFileSync(join(SDK_LIB, "request", `${kebab(operationName)}-request.d.ts`), "utf8"));
}

export function modelFileExists(name: string): boolean {
  return readdirSync(join(SDK_LIB, "model")).includes(`${kebab(name)}.d.ts`);
}
