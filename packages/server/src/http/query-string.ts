/**
 * Parses a query string as form encoding and OCI's own services do: `+` is a space, `%2B` a plus. The OCI
 * Python SDK and the OCI CLI (both on `requests`) write a space as `+`, so reading `+` literally would make
 * every filter with a space find nothing from them. The official TypeScript SDK pastes values unencoded, so a
 * literal `+` it sends arrives as a space here too — as in the cloud (docs/behaviour.md, "Query strings").
 * A malformed escape is kept as written rather than rejected. Repeated keys keep their first value; the API
 * has no array-valued query parameters. Only the parsed values change: the signature is verified over the raw
 * request-target, never over these.
 */
export function parseQueryString(query: string): Record<string, string> {
  const result: Record<string, string> = {};
  if (!query) return result;
  for (const part of query.split("&")) {
    if (!part) continue;
    const eq = part.indexOf("=");
    const key = decode(eq === -1 ? part : part.slice(0, eq));
    const value = eq === -1 ? "" : decode(part.slice(eq + 1));
    if (!(key in result)) result[key] = value;
  }
  return result;
}

function decode(text: string): string {
  const spaced = text.replaceAll("+", " ");
  try {
    return decodeURIComponent(spaced);
  } catch {
    return spaced;
  }
}
