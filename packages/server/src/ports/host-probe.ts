import { createSocket } from "node:dgram";
import { createServer } from "node:net";
import type { PublishedPort } from "./publish-spec.js";

/**
 * Whether the host could give this port to the engine right now: binds it once and lets it go. Answers the
 * problem in words, or undefined when the port is free. A host process (sshd, a database, anything) holding
 * the port, or an address this host does not have, is found here, before anything is created. The port could
 * still be taken in between; the engine then fails the create and says so in the instance's lifecycleDetails.
 */
export function probeHostPort(port: PublishedPort): Promise<string | undefined> {
  return port.protocol === "udp" ? probeUdp(port) : probeTcp(port);
}

function explain(port: PublishedPort, error: NodeJS.ErrnoException): string {
  const where = `${port.hostAddress}:${port.hostPort}/${port.protocol}`;
  switch (error.code) {
    case "EADDRINUSE":
      return `host port ${where} is already in use on the host`;
    case "EADDRNOTAVAIL":
      return `host address ${port.hostAddress} (port ${where}) is not an address of this host`;
    case "EACCES":
      return `host port ${where} cannot be bound on the host (permission denied)`;
    default:
      return `host port ${where} cannot be bound on the host (${error.code ?? error.message})`;
  }
}

function probeTcp(port: PublishedPort): Promise<string | undefined> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once("error", (error: NodeJS.ErrnoException) => resolve(explain(port, error)));
    server.listen({ host: port.hostAddress, port: port.hostPort, exclusive: true }, () =>
      server.close(() => resolve(undefined)),
    );
  });
}

function probeUdp(port: PublishedPort): Promise<string | undefined> {
  return new Promise((resolve) => {
    const socket = createSocket("udp4");
    socket.once("error", (error: NodeJS.ErrnoException) => {
      socket.close();
      resolve(explain(port, error));
    });
    socket.bind({ address: port.hostAddress, port: port.hostPort, exclusive: true }, () =>
      socket.close(() => resolve(undefined)),
    );
  });
}
