import { sign } from "node:crypto";
import type { LightMyRequestResponse } from "fastify";
import { expect } from "vitest";
import type { Harness } from "../support/harness.js";
import type { Caller } from "../support/signed-inject.js";

/** The Host inject() requests carry here, and the Origin the console's page on it sends. */
export const HOST = "caisson.test";
export const ORIGIN = `http://${HOST}`;

export interface BrowserSession {
  cookie: string;
  csrfToken: string;
  token: string;
  response: LightMyRequestResponse;
}

/** Asks for a challenge as the console page does. */
export async function challenge(h: Harness, headers: Record<string, string> = { origin: ORIGIN }): Promise<string> {
  const response = await h.app.inject({
    method: "POST",
    url: "/_caisson/console/challenge",
    headers: { host: HOST, ...headers },
  });
  expect(response.statusCode, response.body).toBe(200);
  return response.json().challenge;
}

/** Signs a challenge as the browser does: RSASSA-PKCS1-v1_5 SHA-256 over its UTF-8 bytes, base64. */
export const signed = (privateKeyPem: string, text: string): string =>
  sign("RSA-SHA256", Buffer.from(text, "utf8"), privateKeyPem).toString("base64");

export async function postSignIn(h: Harness, body: unknown, headers: Record<string, string> = {}) {
  return h.app.inject({
    method: "POST",
    url: "/_caisson/console/session",
    headers: { host: HOST, origin: ORIGIN, "content-type": "application/json", ...headers },
    payload: JSON.stringify(body),
  });
}

/** Signs in with the caller's API key and answers the cookie and CSRF token a browser would hold. */
export async function signIn(h: Harness, caller: Caller = h.caller): Promise<BrowserSession> {
  const text = await challenge(h);
  const response = await postSignIn(h, {
    tenancyId: caller.tenancyId,
    userId: caller.userId,
    fingerprint: caller.fingerprint,
    challenge: text,
    signature: signed(caller.privateKeyPem, text),
  });
  expect(response.statusCode, response.body).toBe(200);
  return browserSession(response);
}

export function browserSession(response: LightMyRequestResponse): BrowserSession {
  const setCookie = String(response.headers["set-cookie"]);
  const token = /^caisson_console=([\w-]+);/.exec(setCookie)?.[1];
  if (!token) throw new Error(`no session cookie in ${setCookie}`);
  return { cookie: `caisson_console=${token}`, csrfToken: response.json().csrfToken, token, response };
}

/** A request the console page sends: the cookie, and on changes its Origin and CSRF header. */
export async function asBrowser(
  h: Harness,
  session: BrowserSession,
  call: { method: "GET" | "POST" | "PUT" | "DELETE"; url: string; body?: unknown; headers?: Record<string, string> },
) {
  const changing = call.method !== "GET";
  return h.app.inject({
    method: call.method,
    url: call.url,
    headers: {
      host: HOST,
      cookie: session.cookie,
      ...(changing && { origin: ORIGIN, "x-caisson-csrf": session.csrfToken }),
      ...(call.body !== undefined && { "content-type": "application/json" }),
      ...call.headers,
    },
    ...(call.body !== undefined && { payload: JSON.stringify(call.body) }),
  });
}
