import type { FastifyInstance, LightMyRequestResponse } from "fastify";
import * as common from "oci-common";

export interface Caller {
  tenancyId: string;
  userId: string;
  fingerprint: string;
  privateKeyPem: string;
}

export interface SignedCall {
  method: "GET" | "POST" | "PUT" | "DELETE";
  path: string;
  body?: unknown;
  headers?: Record<string, string>;
}

const HOST = "caisson.test";

/**
 * Sends a request through `inject()` signed by the official oci-common signer, exactly as the TypeScript SDK
 * signs: so every in-process test also exercises real signature verification.
 */
export async function signedInject(
  app: FastifyInstance,
  caller: Caller,
  call: SignedCall,
  signedAt: Date = new Date(),
): Promise<LightMyRequestResponse> {
  const provider = new common.SimpleAuthenticationDetailsProvider(
    caller.tenancyId,
    caller.userId,
    caller.fingerprint,
    caller.privateKeyPem,
    null,
    common.Region.US_ASHBURN_1,
  );
  // oci-common keeps an x-date that is already set: sign at the server's (possibly manual) clock time.
  const headers = new Headers({
    "content-type": "application/json",
    "x-date": signedAt.toUTCString(),
    ...call.headers,
  });
  const body =
    call.body === undefined ? undefined : typeof call.body === "string" ? call.body : JSON.stringify(call.body);
  const request = { method: call.method, uri: `http://${HOST}${call.path}`, headers, body };
  await new common.DefaultRequestSigner(provider).signHttpRequest(request);
  const url = new URL(request.uri);
  return app.inject({
    method: call.method,
    url: `${url.pathname}${url.search}`,
    headers: Object.fromEntries(headers.entries()),
    ...(body !== undefined && { payload: body }),
  });
}
