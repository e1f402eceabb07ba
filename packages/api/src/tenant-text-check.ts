import { childPath } from "./field-path.js";
import type { CreateContainerInstanceDetails } from "./models/container-instance.js";
import type { FieldError } from "./validate.js";

/**
 * Tenant text that could become a path or an engine argument. Caisson shares one kernel between tenants, so a
 * volume name, a config file name or a mount path must never steer anything outside the tenant's own
 * containers: names are single path segments, relative paths never climb, absolute paths never use `..`, and
 * nothing carries NUL or control characters (which engines and the kernel treat as terminators or separators).
 */

const MAX_PATH_BYTES = 4096;
const MAX_SEGMENT_BYTES = 255;
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point.
const CONTROL = /[\u0000-\u001f\u007f]/;
/** The container's kernel interfaces: mounting over them hides or replaces what the runtime set up. */
const RESERVED_MOUNT_ROOTS = ["/proc", "/sys"];
/** RFC 1123 host label, as OCI's hostnameLabel. */
const HOST_LABEL = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;

const bytes = (text: string) => Buffer.byteLength(text, "utf8");

/** Why `text` is not a plain name (one path segment), or undefined when it is. */
export function segmentProblem(text: string): string | undefined {
  if (CONTROL.test(text)) return "must not contain NUL or control characters";
  if (text.includes("/")) return 'must be a name, not a path: "/" is not allowed';
  if (text === "." || text === "..") return `must be a name, not "${text}"`;
  if (bytes(text) > MAX_SEGMENT_BYTES) return `must be at most ${MAX_SEGMENT_BYTES} bytes`;
  return undefined;
}

/** Why `text` is not a relative path that stays inside its root, or undefined when it is. */
export function relativePathProblem(text: string): string | undefined {
  if (CONTROL.test(text)) return "must not contain NUL or control characters";
  if (text.startsWith("/")) return "must be a relative path (no leading /)";
  if (bytes(text) > MAX_PATH_BYTES) return `must be at most ${MAX_PATH_BYTES} bytes`;
  const segments = text.split("/");
  if (segments.some((s) => s === "..")) return 'must not contain ".." segments';
  if (segments.some((s) => s === ".")) return 'must not contain "." segments';
  if (segments.slice(0, -1).some((s) => s === "")) return "must not contain empty segments (//)";
  return undefined;
}

/** Why `text` is not a clean absolute path, or undefined when it is. */
export function absolutePathProblem(text: string): string | undefined {
  if (CONTROL.test(text)) return "must not contain NUL or control characters";
  if (!text.startsWith("/")) return "must be an absolute path (starting with /)";
  if (bytes(text) > MAX_PATH_BYTES) return `must be at most ${MAX_PATH_BYTES} bytes`;
  if (text.split("/").some((s) => s === "..")) return 'must not contain ".." segments';
  return undefined;
}

function mountPathProblem(text: string): string | undefined {
  const problem = absolutePathProblem(text);
  if (problem) return problem;
  const clean =
    text
      .replace(/\/+/g, "/")
      .replace(/\/(\.\/)+/g, "/")
      .replace(/\/\.?$/, "") || "/";
  if (clean === "/") return "must not be the container's root directory";
  const reserved = RESERVED_MOUNT_ROOTS.find((root) => clean === root || clean.startsWith(`${root}/`));
  if (reserved) return `must not be ${reserved} or below it (the container's kernel interface)`;
  return undefined;
}

function noNul(values: readonly string[] | undefined, at: string, errors: FieldError[]): void {
  values?.forEach((value, i) => {
    if (value.includes("\u0000")) errors.push({ path: childPath(at, i), message: "must not contain NUL characters" });
  });
}

/** Every tenant string of a create request that reaches a host path or the engine; errors name the field. */
export function checkTenantText(details: CreateContainerInstanceDetails): FieldError[] {
  const errors: FieldError[] = [];
  const add = (path: string, problem: string | undefined) => {
    if (problem) errors.push({ path, message: problem });
  };

  details.volumes?.forEach((volume, j) => {
    const at = childPath("volumes", j);
    add(childPath(at, "name"), segmentProblem(volume.name));
    if (volume.volumeType !== "CONFIGFILE") return;
    volume.configs?.forEach((file, c) => {
      const fileAt = childPath(childPath(at, "configs"), c);
      add(childPath(fileAt, "fileName"), segmentProblem(file.fileName));
      if (file.path !== undefined) add(childPath(fileAt, "path"), relativePathProblem(file.path));
    });
  });

  details.vnics.forEach((vnic, v) => {
    if (vnic.hostnameLabel !== undefined && !HOST_LABEL.test(vnic.hostnameLabel)) {
      add(
        childPath(childPath("vnics", v), "hostnameLabel"),
        "must be a host name label: letters, digits and hyphens, starting and ending with a letter or digit",
      );
    }
  });

  details.containers.forEach((container, i) => {
    const at = childPath("containers", i);
    container.volumeMounts?.forEach((mount, m) => {
      const mountAt = childPath(childPath(at, "volumeMounts"), m);
      add(childPath(mountAt, "mountPath"), mountPathProblem(mount.mountPath));
      if (mount.subPath !== undefined) add(childPath(mountAt, "subPath"), relativePathProblem(mount.subPath));
    });
    if (container.workingDirectory !== undefined) {
      add(childPath(at, "workingDirectory"), absolutePathProblem(container.workingDirectory));
    }
    noNul(container.command, childPath(at, "command"), errors);
    noNul(container.arguments, childPath(at, "arguments"), errors);
    for (const [key, value] of Object.entries(container.environmentVariables ?? {})) {
      const keyAt = childPath(childPath(at, "environmentVariables"), key);
      if (key === "" || key.includes("=") || key.includes("\u0000")) {
        add(keyAt, 'the name must be non-empty and contain neither "=" nor NUL');
      } else if (value.includes("\u0000")) {
        add(keyAt, "the value must not contain NUL characters");
      }
    }
  });
  return errors;
}
