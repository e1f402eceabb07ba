import { runtimeSuite } from "./suite.js";

// One file per engine, so the two engines' suites run side by side; the suite itself is shared.
await runtimeSuite("docker");
