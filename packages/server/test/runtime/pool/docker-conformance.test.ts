import { describeDriverConformance } from "../conformance/suite.js";
import { engineTarget } from "../support/target.js";

// The whole conformance suite again, with holders taken from the pool wherever a spec allows it.
describeDriverConformance(
  "docker (pooled holders)",
  await engineTarget("docker", { holderPool: 2, embeddedResolver: "127.0.0.11" }),
);
