import { execSuite } from "./exec.js";

await execSuite("podman");
