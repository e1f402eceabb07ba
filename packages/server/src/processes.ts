/**
 * Whether a process with this pid runs on this host (in this pid namespace). EPERM means it runs as another
 * user: it exists, which is all a lock or a label's owner needs to know.
 */
export function processRuns(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}
