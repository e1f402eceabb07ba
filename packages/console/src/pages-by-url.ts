/** The console's pages, addressed by the URL fragment (the server serves one page; links survive a reload). */
export type Page =
  | { name: "instances" }
  | { name: "instance"; id: string }
  | { name: "logs"; containerId: string }
  | { name: "create" }
  | { name: "work-requests" }
  | { name: "work-request"; id: string };

export const href = {
  instances: () => "#/instances",
  instance: (id: string) => `#/instances/${encodeURIComponent(id)}`,
  logs: (containerId: string) => `#/containers/${encodeURIComponent(containerId)}/logs`,
  create: () => "#/create",
  workRequests: () => "#/work-requests",
  workRequest: (id: string) => `#/work-requests/${encodeURIComponent(id)}`,
};

export function parsePage(hash: string): Page {
  const parts = hash.replace(/^#\/?/, "").split("/").map(decodeURIComponent);
  const [first, second, third] = parts;
  if (first === "instances" && second) return { name: "instance", id: second };
  if (first === "containers" && second && third === "logs") return { name: "logs", containerId: second };
  if (first === "create") return { name: "create" };
  if (first === "work-requests" && second) return { name: "work-request", id: second };
  if (first === "work-requests") return { name: "work-requests" };
  return { name: "instances" };
}
