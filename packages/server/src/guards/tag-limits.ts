import { checkTagLimits, type FieldError, type TaggedDetails } from "@caisson/api";
import { ApiError } from "../errors.js";
import type { Route } from "../http/route.js";

/**
 * Applies OCI's tag limits to every operation whose body carries tags: the resource's own `freeformTags` and
 * `definedTags`, and those of each container in a CreateContainerInstance body. One wrapper instead of a check
 * in each of the eight handlers that accept tags; a violation is 400 InvalidParameter naming the field.
 */
export function withTagLimits(route: Route): Route {
  if (!route.requestBody) return route;
  return {
    ...route,
    handle: (ctx, input) => {
      const errors = tagErrors(input.body);
      if (errors.length > 0) {
        throw new ApiError("InvalidParameter", errors.map((e) => `${e.path}: ${e.message}`).join("; "));
      }
      return route.handle(ctx, input);
    },
  };
}

function tagErrors(body: unknown): FieldError[] {
  if (body === null || typeof body !== "object") return [];
  const errors = checkTagLimits(body as TaggedDetails);
  const containers = (body as { containers?: unknown }).containers;
  if (Array.isArray(containers)) {
    containers.forEach((container, i) => {
      if (container !== null && typeof container === "object") {
        errors.push(...checkTagLimits(container as TaggedDetails, `containers[${i}]`));
      }
    });
  }
  return errors;
}
