export { DockerDriver, type DockerDriverOptions } from "./docker-driver.js";
export { type EngineFlavor, type EnginePing, pingEngine } from "./endpoint.js";
export { DEFAULT_HOLDER_IMAGE } from "./holder-image.js";
export type { PullPolicy } from "./images.js";
