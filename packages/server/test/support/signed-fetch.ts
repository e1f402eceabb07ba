import { get, type IncomingHttpHeaders, type IncomingMessage } from "node:http";
import * as common from "oci-common";
import type { Caller } from "./signed-inject.js";

export interface StreamedResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: IncomingMessage;
  text(): Promise<string>;
}

/**
 * A signed GET over a real socket (for streamed answers, which `inject()` would wait on for ever), signed by the
 * official oci-common signer. Its own connection (no pool: fetch's pool opens a spare connection that keeps a
 * closing server waiting); aborting `signal` closes it, as a client going away does.
 */
export async function signedFetch(
  baseUrl: string,
  caller: Caller,
  path: string,
  options: { headers?: Record<string, string>; signal?: AbortSignal } = {},
): Promise<StreamedResponse> {
  const provider = new common.SimpleAuthenticationDetailsProvider(
    caller.tenancyId,
    caller.userId,
    caller.fingerprint,
    caller.privateKeyPem,
    null,
    common.Region.US_ASHBURN_1,
  );
  const headers = new Headers({ "x-date": new Date().toUTCString(), ...options.headers });
  const request = { method: "GET" as const, uri: `${baseUrl}${path}`, headers };
  await new common.DefaultRequestSigner(provider).signHttpRequest(request);
  return new Promise((resolve, reject) => {
    const sent = get(
      request.uri,
      {
        headers: Object.fromEntries(headers.entries()),
        agent: false,
        ...(options.signal && { signal: options.signal }),
      },
      (response) =>
        resolve({
          status: response.statusCode ?? 0,
          headers: response.headers,
          body: response,
          text: async () => {
            let text = "";
            for await (const chunk of response) text += chunk;
            return text;
          },
        }),
    );
    sent.on("error", reject);
  });
}

export interface SseEvent {
  id?: string;
  event?: string;
  data: string;
}

/** Splits a text/event-stream body into its events (comments dropped). */
export function parseSse(text: string): SseEvent[] {
  const events: SseEvent[] = [];
  for (const block of text.split("\n\n")) {
    const event: SseEvent = { data: "" };
    let any = false;
    for (const line of block.split("\n")) {
      if (line === "" || line.startsWith(":")) continue;
      const colon = line.indexOf(":");
      const field = line.slice(0, colon);
      const value = line.slice(colon + 1).replace(/^ /, "");
      any = true;
      if (field === "id") event.id = value;
      else if (field === "event") event.event = value;
      else if (field === "data") event.data += value;
    }
    if (any) events.push(event);
  }
  return events;
}

/**
 * Reads a streamed SSE body until `enough` says the events so far suffice (or `timeoutMs` passes, which fails),
 * then cancels the body: the client going away.
 */
export async function readSseUntil(
  response: StreamedResponse,
  enough: (events: SseEvent[], text: string) => boolean,
  timeoutMs = 20_000,
): Promise<{ events: SseEvent[]; text: string }> {
  let text = "";
  const complete = () => text.slice(0, text.lastIndexOf("\n\n") + 2);
  try {
    return await new Promise((resolve, reject) => {
      const check = () => {
        const events = parseSse(complete());
        if (enough(events, complete())) resolve({ events, text: complete() });
      };
      const timer = setTimeout(() => reject(new Error(`timed out waiting for events; got:\n${text}`)), timeoutMs);
      response.body.on("data", (chunk: Buffer) => {
        text += chunk.toString("utf8");
        check();
      });
      response.body.on("end", () => reject(new Error(`stream ended before enough events; got:\n${text}`)));
      response.body.on("error", reject);
      check();
      response.body.once("close", () => clearTimeout(timer));
    });
  } finally {
    response.body.destroy();
  }
}
