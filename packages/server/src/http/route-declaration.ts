import type { HttpOperation } from "@caisson/api";
import type { CallContext, InputOf, Route, RouteResult } from "./route.js";

/** A route's handler, its input typed from the operation's schemas. */
export type RouteHandler<Operation extends HttpOperation> = (
  ctx: CallContext,
  input: InputOf<Operation>,
) => Promise<RouteResult>;

/**
 * The one way to declare a route: an operation's wire contract (from packages/api, or declared with its
 * builders for a `/_caisson` extension) and a handler typed from it. The pipeline validates every input against
 * the same contract before the handler runs, which is what makes the handler's types true.
 */
export function route<const Operation extends HttpOperation>(
  operation: Operation,
  handle: RouteHandler<Operation>,
): Route {
  return {
    name: operation.name,
    method: operation.method,
    path: operation.path,
    parameters: operation.parameters,
    ...(operation.requestBody && {
      requestBody: { schema: operation.requestBody.schema, required: operation.requestBody.required },
    }),
    // The one place the validated input meets its type: readParameters and readBody checked it against
    // exactly these parameters and this body schema.
    handle: (ctx, input) => handle(ctx, input as InputOf<Operation>),
  };
}

/** What every route of a group shares, declared once (like a Fastify encapsulated plugin's hooks). */
export interface RouteGroupOptions {
  /** Runs before each route of the group, after authentication and before input validation; throws to refuse. */
  guard?: (ctx: CallContext, route: Route) => Promise<void>;
}

export function routeGroup(options: RouteGroupOptions, routes: readonly Route[]): Route[] {
  const { guard } = options;
  if (!guard) return [...routes];
  return routes.map((declared) => ({
    ...declared,
    guard: async (ctx) => {
      await declared.guard?.(ctx);
      await guard(ctx, declared);
    },
  }));
}
