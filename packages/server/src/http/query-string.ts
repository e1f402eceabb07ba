/**
 * Parses a query string the way OCI clients write it. The TypeScript SDK does not percent-encode values, so a
 * literal `+` is a plus (never a space) and a malformed escape is kept as written rather than rejected.
 * Repeated keys keep their first value; the API has no array-valued query parameters.
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
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
