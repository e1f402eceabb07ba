/** The console's client for Caisson's API: same origin, the session cookie, the CSRF header on every change. */

export const CI = "/20210415";
export const IDENTITY = "/20160918";

/** An OCI error answer: status, code and the message that names the problem. */
export class ApiFailure extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export interface Session {
  tenancyId: string;
  userId: string;
  fingerprint: string;
  csrfToken: string;
  expiresAt: string;
}

let csrfToken = "";
/** Called when the server says the session is gone (expired, signed out elsewhere, key deleted). */
let onSignedOut: () => void = () => {};

export function useSession(session: Session | undefined, signedOut: () => void): void {
  csrfToken = session?.csrfToken ?? "";
  onSignedOut = signedOut;
}

export interface Call {
  method?: "GET" | "POST" | "PUT" | "DELETE";
  body?: unknown;
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

export async function request(path: string, call: Call = {}): Promise<Response> {
  const method = call.method ?? "GET";
  const headers: Record<string, string> = { ...call.headers };
  if (method !== "GET") headers["x-caisson-csrf"] = csrfToken;
  if (call.body !== undefined) headers["content-type"] = "application/json";
  const response = await fetch(path, {
    method,
    headers,
    credentials: "same-origin",
    ...(call.body !== undefined && { body: JSON.stringify(call.body) }),
    ...(call.signal && { signal: call.signal }),
  });
  if (response.ok) return response;
  let code = "Unknown";
  let message = `${response.status} ${response.statusText}`;
  try {
    const body = (await response.json()) as { code?: string; message?: string };
    code = body.code ?? code;
    message = body.message ?? message;
  } catch {
    // not an OCI error body
  }
  if (response.status === 401 && !path.startsWith("/_caisson/console/")) onSignedOut();
  throw new ApiFailure(response.status, code, message);
}

export async function json<T>(path: string, call: Call = {}): Promise<T> {
  const response = await request(path, call);
  const text = await response.text();
  return (text === "" ? undefined : JSON.parse(text)) as T;
}

/** Every page of a list (`opc-next-page`), up to `max` items. */
export async function listAll<T>(path: string, max = 1000): Promise<T[]> {
  const items: T[] = [];
  let page: string | null = null;
  do {
    const separator = path.includes("?") ? "&" : "?";
    const response: Response = await request(page ? `${path}${separator}page=${encodeURIComponent(page)}` : path);
    const body = (await response.json()) as { items?: T[] } | T[];
    items.push(...(Array.isArray(body) ? body : (body.items ?? [])));
    page = response.headers.get("opc-next-page");
  } while (page && items.length < max);
  return items;
}

export const query = (params: Record<string, string | number | boolean | undefined>): string => {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params))
    if (value !== undefined && value !== "") search.set(key, String(value));
  const text = search.toString();
  return text ? `?${text}` : "";
};
