import { expect, test } from "vitest";

test("workspace builds", async () => {
  const mod = await import("@caisson/api");
  expect(typeof mod).toBe("object");
});
