import type { Readable } from "node:stream";
import type { HttpMethod, ParameterSpec } from "@caisson/api";
import type { TSchema } from "@sinclair/typebox";

/** Who is calling, as established by the request signature. */
export interface Principal {
  tenancyId: string;
  userId: string;
  fingerprint: string;
}

export interface CallContext {
  requestId: string;
  principal: Principal;
  /** The time the request arrived, from the injected clock. */
  now: Date;
}

/** A request after the pipeline has authenticated it and validated every input against the route's spec. */
export interface RouteInput {
  path: Record<string, string>;
  query: Record<string, unknown>;
  headers: Record<string, string | undefined>;
  body: unknown;
  rawBody: Buffer;
}

export interface RouteResult {
  status: number;
  /** A JSON body, or raw bytes for text/plain answers (RetrieveLogs). */
  body?: unknown;
  text?: Buffer;
  /** A streamed answer (server-sent events, followed logs); destroyed when the client goes away. */
  stream?: { contentType: string; body: Readable };
  headers?: Record<string, string>;
}

/** One HTTP operation: its wire contract (from packages/api for Container Instances) and its handler. */
export interface Route {
  name: string;
  method: HttpMethod;
  /** OCI-style template: `/20210415/containerInstances/{containerInstanceId}`. */
  path: string;
  parameters: ParameterSpec[];
  requestBody?: { schema: TSchema; required: boolean };
  handle(ctx: CallContext, input: RouteInput): Promise<RouteResult>;
}
