import { execSuite } from "./exec.js";

await execSuite("docker");
