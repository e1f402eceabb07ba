import { expect, it } from "vitest";
import { RuntimeError } from "../../../src/runtime/driver.js";
import { containerSpec, instanceSpec, runToExit } from "../support/specs.js";
import type { ConformanceContext } from "./context.js";

export function imageCases(ctx: ConformanceContext): void {
  const { target } = ctx;
  const [subnet] = target.subnets;

  it("pulls a private image with basic credentials and is refused without them", async () => {
    const { image, registryEndpoint, username, password } = target.privateRegistry;
    const container = containerSpec({ image, command: ["echo", "private-image-ran"] });

    // Without credentials first: the pull policy asks the registry every time, so an image cached by an
    // earlier run does not make this pass by accident.
    const anonymous = instanceSpec(subnet, [container]);
    ctx.track(anonymous.instanceId);
    const error = await ctx.driver.createInstance(anonymous).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RuntimeError);
    expect((error as RuntimeError).reason).toBe("ImagePullFailed");
    expect((error as RuntimeError).message).toMatch(/unauthorized|authentication|credentials|denied/i);

    const wrong = instanceSpec(subnet, [container], {
      imagePullSecrets: [{ registryEndpoint, username, password: "wrong-password" }],
    });
    ctx.track(wrong.instanceId);
    await expect(ctx.driver.createInstance(wrong)).rejects.toMatchObject({ reason: "ImagePullFailed" });

    const authorised = instanceSpec(subnet, [container], {
      imagePullSecrets: [{ registryEndpoint, username, password }],
    });
    await ctx.create(authorised);
    const result = await runToExit(ctx.driver, authorised.instanceId, container.containerId);
    expect(result.log).toBe("private-image-ran\n");
  });

  it("fails a pull of an image that does not exist with the registry's reason", async () => {
    const container = containerSpec({ image: target.missingImage, command: ["true"] });
    const spec = instanceSpec(subnet, [container]);
    ctx.track(spec.instanceId);
    const error = await ctx.driver.createInstance(spec).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RuntimeError);
    expect((error as RuntimeError).reason).toBe("ImagePullFailed");
    expect((error as RuntimeError).message).toContain(target.missingImage.split(":")[0]);
    expect((error as RuntimeError).message).toMatch(/not found|unknown|manifest/i);
    expect(await target.engine.labelledObjects(spec.instanceId)).toEqual([]);
  });
}
