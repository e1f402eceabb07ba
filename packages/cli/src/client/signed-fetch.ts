import { readFileSync } from "node:fs";
import { ApiKeySigner, NetworkError, type OciConfig, ServiceError } from "@caisson/sdk";

export interface SignedAnswer<T> {
  status: number;
  data: T;
  requestId: string | undefined;
  headers: Headers;
}

type Query = Record<string, string | number | boolean | undefined>;

/**
 * Signed JSON calls for the endpoints the Container Instances SDK does not cover: Identity and Core 20160918
 * (availability domains, subnets, compartments) and Caisson's admin API. Signed with the SDK's ApiKeySigner,
 * failing with the SDK's ServiceError/NetworkError, so errors look the same whichever path a command took.
 */
export class SignedJsonClient {
  readonly #signer: ApiKeySigner;

  constructor(
    private readonly endpoint: string,
    config: OciConfig,
  ) {
    const privateKey = config.key_content ?? readFileSync(config.key_file ?? "", "utf8");
    this.#signer = new ApiKeySigner({
      tenancy: config.tenancy,
      user: config.user,
      fingerprint: config.fingerprint,
      privateKey,
      ...(config.pass_phrase && { passphrase: config.pass_phrase }),
    });
  }

  get<T>(operation: string, path: string, query: Query = {}) {
    return this.request<T>(operation, "GET", path, query);
  }

  post<T>(operation: string, path: string, body: unknown) {
    return this.request<T>(operation, "POST", path, {}, body);
  }

  put<T>(operation: string, path: string, body: unknown) {
    return this.request<T>(operation, "PUT", path, {}, body);
  }

  delete(operation: string, path: string) {
    return this.request<unknown>(operation, "DELETE", path);
  }

  async request<T>(operation: string, method: string, path: string, query: Query = {}, body?: unknown) {
    const url = new URL(`${this.endpoint}${path}`);
    for (const [key, value] of Object.entries(query)) if (value !== undefined) url.searchParams.set(key, String(value));
    const text = body === undefined ? undefined : JSON.stringify(body);
    const headers = new Headers({ "content-type": "application/json", "opc-request-id": crypto.randomUUID() });
    this.#signer.sign({ method, url: url.toString(), headers, ...(text !== undefined && { body: text }) });
    const where = `${method} ${url}`;
    let response: Response;
    try {
      response = await fetch(url, { method, headers, ...(text !== undefined && { body: text }) });
    } catch (cause) {
      throw new NetworkError(`${(cause as Error).message}: ${where}`, operation, where, { cause });
    }
    const raw = await response.text();
    const requestId = response.headers.get("opc-request-id") ?? undefined;
    if (!response.ok) throw serviceError(response, raw, { operation, where, requestId });
    return {
      status: response.status,
      data: (raw === "" ? undefined : JSON.parse(raw)) as T,
      requestId,
      headers: response.headers,
    } satisfies SignedAnswer<T>;
  }
}

function serviceError(
  response: Response,
  raw: string,
  ctx: { operation: string; where: string; requestId: string | undefined },
): ServiceError {
  let code = "None";
  let message = raw.slice(0, 500) || response.statusText;
  try {
    const body = JSON.parse(raw) as { code?: unknown; message?: unknown };
    if (typeof body.code === "string") code = body.code;
    if (typeof body.message === "string") message = body.message;
  } catch {
    // Not an OCI error body (a proxy's HTML page, say): keep the text, code "None", as the SDK does.
  }
  return new ServiceError({
    status: response.status,
    code,
    message,
    opcRequestId: ctx.requestId,
    operationName: ctx.operation,
    endpoint: ctx.where,
    timestamp: new Date().toISOString(),
    attempts: 1,
  });
}
