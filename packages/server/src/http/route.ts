import type { Readable } from "node:stream";
import type { HttpMethod, HttpOperation, ParameterLocation, ParameterSpec } from "@caisson/api";
import type { Static, TSchema } from "@sinclair/typebox";

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

/**
 * A request after the pipeline has authenticated it and validated every input against the route's spec. Without
 * type arguments it describes any route's input; `InputOf<typeof SOME_OPERATION>` types it from the schemas.
 */
export interface RouteInput<
  Path = Record<string, string>,
  Query = Record<string, unknown>,
  Headers = Record<string, string | undefined>,
  Body = unknown,
> {
  path: Path;
  query: Query;
  headers: Headers;
  body: Body;
  rawBody: Buffer;
}

/** A validated parameter's value: path segments and headers are text, query values are their schema's type. */
type ParameterValue<P extends ParameterSpec> = P["in"] extends "query" ? Static<P["schema"]> : string;

/** One object type out of an intersection, so handlers and editors see plain `{ vcnId: string }`. */
type Flatten<T> = { [K in keyof T]: T[K] };

/** The parameters found `In` one place, by wire name; the ones not required may be absent. */
type ParametersIn<Parameters extends readonly ParameterSpec[], In extends ParameterLocation> = Flatten<
  RequiredIn<Parameters, In> & OptionalIn<Parameters, In>
>;

type RequiredIn<Parameters extends readonly ParameterSpec[], In extends ParameterLocation> = {
  [P in Parameters[number] as P extends { in: In; required: true } ? P["name"] : never]: ParameterValue<P>;
};

type OptionalIn<Parameters extends readonly ParameterSpec[], In extends ParameterLocation> = {
  [P in Parameters[number] as P extends { in: In; required: true }
    ? never
    : P extends { in: In }
      ? P["name"]
      : never]?: ParameterValue<P>;
};

/** The body's type when the operation declares one. */
type BodyOf<Operation extends HttpOperation> = Operation extends { requestBody: { schema: infer Body extends TSchema } }
  ? Static<Body>
  : undefined;

/**
 * The input of a route declared from `Operation`, typed from its parameters and body schema (the pipeline has
 * validated each against that very schema before the handler runs). An operation whose parameter names are
 * plain `string`s (packages/api's OPERATIONS table) gets the untyped `RouteInput`.
 */
export type InputOf<Operation extends HttpOperation> = string extends Operation["parameters"][number]["name"]
  ? RouteInput
  : RouteInput<
      ParametersIn<Operation["parameters"], "path">,
      ParametersIn<Operation["parameters"], "query">,
      ParametersIn<Operation["parameters"], "header">,
      BodyOf<Operation>
    >;

export interface RouteResult {
  status: number;
  /** A JSON body, or raw bytes for text/plain answers (RetrieveLogs). */
  body?: unknown;
  /** A JSON body already serialised (a List page joined from stored documents), sent as is. */
  json?: string;
  text?: Buffer;
  /** A streamed answer (server-sent events, followed logs); destroyed when the client goes away. */
  stream?: { contentType: string; body: Readable };
  headers?: Record<string, string>;
}

/**
 * One HTTP operation as the pipeline serves it: its wire contract and its handler. Declare one with `route()`
 * (http/route-declaration.ts), never by hand.
 */
export interface Route {
  name: string;
  method: HttpMethod;
  /** OCI-style template: `/20210415/containerInstances/{containerInstanceId}`. */
  path: string;
  parameters: readonly ParameterSpec[];
  requestBody?: { schema: TSchema; required: boolean };
  /**
   * Runs right after authentication, before any input is read or validated: a caller it refuses learns nothing
   * of the route's parameters or body schema, not even from a malformed request. Set by `routeGroup`.
   */
  guard?(ctx: CallContext): Promise<void>;
  handle(ctx: CallContext, input: RouteInput): Promise<RouteResult>;
}
