// A minimal keep-alive HTTP client for sequential measurements (no library in the timed path).
import http from "node:http";

export function httpClient(baseUrl, { maxSockets = 16 } = {}) {
  const agent = new http.Agent({ keepAlive: true, maxSockets });
  const url = new URL(baseUrl);
  return {
    agent,
    request(method, path, { headers = {}, body } = {}) {
      return new Promise((resolve, reject) => {
        const req = http.request({ host: url.hostname, port: url.port, method, path, headers, agent }, (res) => {
          const chunks = [];
          res.on("data", (c) => chunks.push(c));
          res.on("end", () => {
            const text = Buffer.concat(chunks).toString("utf8");
            resolve({ status: res.statusCode, headers: res.headers, text, json: () => JSON.parse(text) });
          });
          res.on("error", reject);
        });
        req.on("error", reject);
        if (body !== undefined) req.end(body);
        else req.end();
      });
    },
    close: () => agent.destroy(),
  };
}

/** GET once; resolves to the status, or undefined when nothing listens yet. */
export function probe(url, timeoutMs = 1000) {
  return new Promise((resolve) => {
    const req = http.get(url, { agent: false, timeout: timeoutMs }, (res) => {
      res.resume();
      res.on("end", () => resolve(res.statusCode));
    });
    req.on("error", () => resolve(undefined));
    req.on("timeout", () => {
      req.destroy();
      resolve(undefined);
    });
  });
}
