import { describeDriverConformance } from "./conformance/suite.js";
import { engineTarget } from "./support/target.js";

// Docker answers DNS on user-defined networks through its embedded resolver.
describeDriverConformance("docker", await engineTarget("docker", { embeddedResolver: "127.0.0.11" }));
