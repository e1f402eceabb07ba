import { open, rename, rm } from "node:fs/promises";
import { dirname } from "node:path";

/**
 * Writes `content` to `path` so that a crash or a full disk leaves either the old file or the complete new one,
 * never a truncated one: a temporary file beside it is written and fsynced, renamed over `path`, and the
 * directory is fsynced so the rename itself survives a power cut.
 */
export async function writeFileDurably(path: string, content: string, mode = 0o600): Promise<void> {
  const temporary = `${path}.${process.pid}.tmp`;
  try {
    const handle = await open(temporary, "w", mode);
    try {
      // The mode given to open is filtered by the umask; chmod is exact.
      await handle.chmod(mode);
      await handle.writeFile(content);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
  await syncDirectory(dirname(path));
}

async function syncDirectory(dir: string): Promise<void> {
  const handle = await open(dir, "r");
  try {
    await handle.sync();
  } catch (error) {
    // Some filesystems refuse fsync on a directory; the rename is then as durable as they make it.
    if (!["EINVAL", "EISDIR", "EPERM", "EBADF"].includes((error as NodeJS.ErrnoException).code ?? "")) throw error;
  } finally {
    await handle.close();
  }
}
