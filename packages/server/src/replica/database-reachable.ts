import type { Store } from "../store/store.js";

/** Whether the store answers a trivial read within `timeoutMs` (health and metrics ask it; it never throws). */
export async function databaseReachable(store: Store, timeoutMs = 2_000): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), timeoutMs);
  });
  const read = store.leases.current("leader").then(
    () => true,
    () => false,
  );
  try {
    return await Promise.race([read, late]);
  } finally {
    clearTimeout(timer);
  }
}
