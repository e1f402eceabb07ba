import { streamsSuite } from "./streams.js";

await streamsSuite("docker");
