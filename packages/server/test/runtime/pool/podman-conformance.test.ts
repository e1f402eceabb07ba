import { describeDriverConformance } from "../conformance/suite.js";
import { engineTarget } from "../support/target.js";

// The whole conformance suite again, with holders taken from the pool wherever a spec allows it.
describeDriverConformance("podman (pooled holders)", await engineTarget("podman", { holderPool: 2 }));
