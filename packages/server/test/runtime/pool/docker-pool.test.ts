import { describeHolderPool } from "./pool-suite.js";

await describeHolderPool("docker");
