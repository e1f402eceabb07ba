export { DEFAULT_HOLDER_IMAGE, DockerDriver, type DockerDriverOptions } from "./docker-driver.js";
export { type EngineFlavor, type EnginePing, pingEngine } from "./endpoint.js";
export type { PullPolicy } from "./images.js";
