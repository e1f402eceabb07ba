import { request } from "node:http";
import type { Socket } from "node:net";
import * as common from "oci-common";
import type { Caller } from "../support/signed-inject.js";

export type UpgradeAnswer =
  | { upgraded: true; socket: Socket; head: Buffer; headers: Record<string, string | string[] | undefined> }
  | { upgraded: false; status: number; body: { code: string; message: string }; headers: Record<string, unknown> };

/**
 * A raw exec request to a listening server, signed by the official oci-common signer (body included). `tamper`
 * changes the request after signing, to prove what the server refuses.
 */
export async function upgradeRequest(
  baseUrl: string,
  caller: Caller | undefined,
  call: {
    path: string;
    method?: "POST" | "PUT" | "GET";
    body?: string;
    headers?: Record<string, string>;
    tamper?: (sent: { headers: Headers; body: string }) => void;
  },
): Promise<UpgradeAnswer> {
  const url = new URL(call.path, baseUrl);
  const body = call.body ?? "";
  const headers = new Headers({
    "content-type": "application/json",
    "x-date": new Date().toUTCString(),
    connection: "Upgrade",
    upgrade: "caisson-exec.v1",
    ...call.headers,
  });
  const method = call.method ?? "POST";
  if (caller) {
    const provider = new common.SimpleAuthenticationDetailsProvider(
      caller.tenancyId,
      caller.userId,
      caller.fingerprint,
      caller.privateKeyPem,
      null,
      common.Region.US_ASHBURN_1,
    );
    const signable = { method, uri: url.href, headers, body };
    await new common.DefaultRequestSigner(provider).signHttpRequest(signable);
  }
  const sent = { headers, body };
  call.tamper?.(sent);
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers: Object.fromEntries(sent.headers.entries()) });
    req.once("upgrade", (res, socket, head) => resolve({ upgraded: true, socket, head, headers: res.headers }));
    req.once("response", (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (chunk) => {
        text += chunk;
      });
      res.on("end", () =>
        resolve({ upgraded: false, status: res.statusCode ?? 0, body: JSON.parse(text), headers: res.headers }),
      );
    });
    req.once("error", reject);
    req.end(sent.body);
  });
}
