import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { dirname } from "node:path";

/**
 * Repositories this installation has pulled with a tenant's registry credentials. The engine's image store is
 * shared by every tenancy, so an image that one tenancy pulled with its secret is on disk for all of them.
 * Like Kubernetes' AlwaysPullImages, Caisson never hands such an image out from the cache: whoever runs it
 * must pull it again, with credentials the registry accepts. Kept in a file so the rule survives restarts.
 */
export class PrivateImages {
  private repositories: Set<string> | undefined;

  constructor(private readonly file: string) {}

  async has(repository: string): Promise<boolean> {
    return (await this.load()).has(repository);
  }

  async add(repository: string): Promise<void> {
    const set = await this.load();
    if (set.has(repository)) return;
    set.add(repository);
    await mkdir(dirname(this.file), { recursive: true });
    const temp = `${this.file}.${process.pid}.tmp`;
    await writeFile(temp, `${JSON.stringify([...set].sort(), null, 1)}\n`, { mode: 0o600 });
    await rename(temp, this.file);
  }

  private async load(): Promise<Set<string>> {
    if (this.repositories) return this.repositories;
    try {
      this.repositories = new Set(JSON.parse(await readFile(this.file, "utf8")) as string[]);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
      this.repositories = new Set();
    }
    return this.repositories;
  }
}
