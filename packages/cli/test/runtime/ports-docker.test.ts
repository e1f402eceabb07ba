import { portsSuite } from "./ports.js";

await portsSuite("docker");
