import { ApiError } from "../errors.js";

/**
 * Opaque keyset page tokens: the sort value and id of the last item served, plus the sort the token belongs
 * to, so a token can never be replayed under another order. Base64url JSON; tampering yields a 400.
 */
export interface PageCursor {
  sortBy: string;
  order: "ASC" | "DESC";
  value: string;
  id: string;
}

export function encodePageToken(cursor: PageCursor): string {
  return Buffer.from(JSON.stringify([cursor.sortBy, cursor.order, cursor.value, cursor.id])).toString("base64url");
}

export function decodePageToken(token: string, sortBy: string, order: "ASC" | "DESC"): PageCursor {
  const invalid = (why: string) => new ApiError("InvalidParameter", `page: ${why}`);
  if (!/^[A-Za-z0-9_-]{1,512}$/.test(token)) throw invalid("is not a page token returned by this service.");
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(token, "base64url").toString("utf8"));
  } catch {
    throw invalid("is not a page token returned by this service.");
  }
  if (
    !Array.isArray(parsed) ||
    parsed.length !== 4 ||
    !parsed.every((part) => typeof part === "string") ||
    (parsed[1] !== "ASC" && parsed[1] !== "DESC")
  ) {
    throw invalid("is not a page token returned by this service.");
  }
  const [tokenSortBy, tokenOrder, value, id] = parsed as [string, "ASC" | "DESC", string, string];
  if (tokenSortBy !== sortBy || tokenOrder !== order) {
    throw invalid(`the token was issued for sortBy=${tokenSortBy}, sortOrder=${tokenOrder}; repeat the same sort.`);
  }
  return { sortBy, order, value, id };
}

export interface Page<T> {
  items: T[];
  nextPage?: string;
}
