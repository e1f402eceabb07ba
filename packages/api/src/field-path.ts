const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/**
 * Turns a JSON pointer into the field path a person reads: `/containers/0/imageUrl` → `containers[0].imageUrl`.
 * The value is walked alongside, so a numeric token is an index only where the value is an array
 * (`environmentVariables["0"]` stays a key). The root is the empty string.
 */
export function pointerToFieldPath(pointer: string, root: unknown): string {
  if (pointer === "") return "";
  const tokens = pointer
    .slice(1)
    .split("/")
    .map((t) => t.replace(/~1/g, "/").replace(/~0/g, "~"));
  let out = "";
  let current: unknown = root;
  for (const token of tokens) {
    if (Array.isArray(current) && /^\d+$/.test(token)) out += `[${token}]`;
    else if (IDENTIFIER.test(token)) out += out === "" ? token : `.${token}`;
    else out += `[${JSON.stringify(token)}]`;
    current = current !== null && typeof current === "object" ? (current as Record<string, unknown>)[token] : undefined;
  }
  return out;
}

/** Joins a parent field path and a child segment the same way. */
export function childPath(parent: string, key: string | number): string {
  if (typeof key === "number") return `${parent}[${key}]`;
  if (!IDENTIFIER.test(key)) return `${parent}[${JSON.stringify(key)}]`;
  return parent === "" ? key : `${parent}.${key}`;
}
