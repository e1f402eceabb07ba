import { describeDriverConformance } from "./conformance/suite.js";
import { engineTarget } from "./support/target.js";

describeDriverConformance("podman", await engineTarget("podman"));
