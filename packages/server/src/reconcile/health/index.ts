export { type BackoffOptions, restartBackoff } from "./backoff.js";
export { type HttpProbe, type ProbeResult, probeHttp, probeTcp } from "./probes.js";
