// Every test file runs on a runtime composed as the app's (the same database client, the default
// tasks); a file that needs doubles or its own database composes again (./recompose.ts).
import { afterAll, inject } from "vitest";
import { closeRuntime, composeRuntime } from "../runtime/compose";

composeRuntime({ databaseUrl: inject("dbUrl"), maxConnections: 4 });
afterAll(async () => {
  await closeRuntime();
});
