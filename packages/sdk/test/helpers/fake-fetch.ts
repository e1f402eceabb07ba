import type { FetchLike } from "../../src/http/types.js";

export interface RecordedCall {
  url: string;
  method: string;
  headers: Headers;
  body: string | undefined;
}

export type Reply =
  | globalThis.Response
  | Error
  | ((call: RecordedCall) => globalThis.Response | Promise<globalThis.Response>);

/** A fetch that answers from a script of replies (the last one repeats) and records every request. */
export class FakeFetch {
  readonly calls: RecordedCall[] = [];
  #replies: Reply[];

  constructor(...replies: Reply[]) {
    this.#replies = replies;
  }

  readonly fetch: FetchLike = async (url, init) => {
    const call: RecordedCall = {
      url,
      method: init.method ?? "GET",
      headers: new Headers(init.headers),
      body: typeof init.body === "string" ? init.body : undefined,
    };
    this.calls.push(call);
    const reply = this.#replies.length > 1 ? this.#replies.shift() : this.#replies[0];
    if (reply === undefined) throw new Error("FakeFetch: no reply scripted");
    if (reply instanceof Error) throw reply;
    if (typeof reply === "function") return reply(call);
    return reply.clone();
  };
}

export function json(status: number, body: unknown, headers: Record<string, string> = {}): globalThis.Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "content-type": "application/json", "opc-request-id": "srv-id", ...headers },
  });
}

export function ociError(status: number, code: string, message = `${code} happened`): globalThis.Response {
  return json(status, { code, message });
}

/** What undici throws for a refused connection. */
export function connectionRefused(): Error {
  return new TypeError("fetch failed", {
    cause: Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED" }),
  });
}
