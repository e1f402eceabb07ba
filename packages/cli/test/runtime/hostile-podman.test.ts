import { hostileTenantSuite, userNamespaceSuite } from "./hostile.js";

// One file per engine, so the two engines' hostile-tenant suites run side by side.
await hostileTenantSuite("podman");
await userNamespaceSuite("podman");
