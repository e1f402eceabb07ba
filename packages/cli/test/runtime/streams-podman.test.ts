import { streamsSuite } from "./streams.js";

await streamsSuite("podman");
