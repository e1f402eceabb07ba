import { FormatRegistry } from "@sinclair/typebox";
import { isRfc3339 } from "./time.js";

/**
 * TypeBox's compiler rejects any `format` it does not know, so the formats our schemas use are registered
 * here, once, on import (the registry is TypeBox's own global; registering the same checker twice is harmless).
 */
export function registerFormats(): void {
  if (!FormatRegistry.Has("date-time")) FormatRegistry.Set("date-time", isRfc3339);
}

registerFormats();
