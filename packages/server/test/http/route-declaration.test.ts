import {
  headerParameter,
  httpOperation,
  idPath,
  type NETWORK_OPERATIONS,
  OPERATIONS,
  queryParameter,
} from "@caisson/api";
import { Type } from "@sinclair/typebox";
import { describe, expect, expectTypeOf, test } from "vitest";
import type { CallContext, InputOf, Route, RouteInput } from "../../src/http/route.js";
import { route, routeGroup } from "../../src/http/route-declaration.js";

const ctx: CallContext = {
  requestId: "r",
  principal: { tenancyId: "ocid1.tenancy.oc1..t", userId: "ocid1.user.oc1..u", fingerprint: "f" },
  now: new Date(0),
};

const EXAMPLE = httpOperation({
  name: "Example",
  method: "PUT",
  path: "/_caisson/examples/{exampleId}",
  parameters: [
    idPath("exampleId"),
    queryParameter("count", Type.Integer(), true),
    queryParameter("verbose", Type.Boolean()),
    headerParameter("if-match", "ifMatch", Type.String()),
  ],
  requestBody: { schema: Type.Object({ label: Type.String() }), required: true },
});

describe("route()", () => {
  test("carries the operation's wire contract to the pipeline unchanged", () => {
    const declared = route(EXAMPLE, async () => ({ status: 204 }));
    expect(declared).toMatchObject({ name: "Example", method: "PUT", path: EXAMPLE.path });
    expect(declared.parameters).toBe(EXAMPLE.parameters);
    expect(declared.requestBody).toEqual({ schema: EXAMPLE.requestBody.schema, required: true });
    expect(route(OPERATIONS.GetContainerInstance, async () => ({ status: 200 })).requestBody).toBeUndefined();
  });

  test("types the handler's input from the schemas", async () => {
    type Input = InputOf<typeof EXAMPLE>;
    expectTypeOf<Input["path"]>().toEqualTypeOf<{ exampleId: string }>();
    expectTypeOf<Input["query"]["count"]>().toEqualTypeOf<number>();
    expectTypeOf<Input["query"]["verbose"]>().toEqualTypeOf<boolean | undefined>();
    expectTypeOf<Input["headers"]["if-match"]>().toEqualTypeOf<string | undefined>();
    expectTypeOf<Input["body"]>().toEqualTypeOf<{ label: string }>();
    expectTypeOf<InputOf<typeof NETWORK_OPERATIONS.GetVcn>["body"]>().toEqualTypeOf<undefined>();
    // The Container Instances table is typed the same way, and its input still fits a handler taking RouteInput.
    type GetInstance = InputOf<typeof OPERATIONS.GetContainerInstance>;
    expectTypeOf<GetInstance["path"]>().toEqualTypeOf<{ containerInstanceId: string }>();
    expectTypeOf<InputOf<typeof OPERATIONS.ListContainerInstances>["query"]["limit"]>().toEqualTypeOf<
      number | undefined
    >();
    expectTypeOf<GetInstance>().toExtend<RouteInput>();

    let seen: unknown;
    const declared = route(EXAMPLE, async (_ctx, input) => {
      seen = [input.path.exampleId, input.query.count, input.body.label];
      return { status: 204 };
    });
    const input = { path: { exampleId: "e" }, query: { count: 2 }, headers: {}, body: { label: "x" } };
    await declared.handle(ctx, { ...input, rawBody: Buffer.alloc(0) });
    expect(seen).toEqual(["e", 2, "x"]);
  });
});

describe("routeGroup()", () => {
  test("runs its guard before every handler of the group, and a refusal stops the handler", async () => {
    const ran: string[] = [];
    const routes = routeGroup(
      {
        guard: async (_ctx, declared) => {
          ran.push(`guard ${declared.name}`);
          if (declared.name === "Refused") throw new Error("refused");
        },
      },
      [
        route({ ...EXAMPLE, name: "Allowed" }, async () => {
          ran.push("handler Allowed");
          return { status: 204 };
        }),
        route({ ...EXAMPLE, name: "Refused" }, async () => {
          ran.push("handler Refused");
          return { status: 204 };
        }),
      ],
    );
    const input = { path: {}, query: {}, headers: {}, body: {}, rawBody: Buffer.alloc(0) };
    // As the pipeline serves a route (http/app.ts): its guard, then (input read) its handler.
    const serve = async (declared: Route) => {
      await declared.guard?.(ctx);
      return declared.handle(ctx, input);
    };
    await expect(serve(routes[0]!)).resolves.toEqual({ status: 204 });
    await expect(serve(routes[1]!)).rejects.toThrow("refused");
    expect(ran).toEqual(["guard Allowed", "handler Allowed", "guard Refused"]);
  });

  test("without a guard, the routes are served as declared", () => {
    const declared = route(EXAMPLE, async () => ({ status: 204 }));
    expect(routeGroup({}, [declared])[0]).toBe(declared);
  });
});
