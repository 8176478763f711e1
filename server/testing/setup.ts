// Every test file runs on its own copy of the migrated database (./test-database.ts) and a runtime
// composed as the app's (the same database client, the default tasks); a file that needs doubles
// composes again (./recompose.ts).
import { afterAll } from "vitest";
import { closeRuntime, composeRuntime } from "../runtime/compose";
import { createTestDatabase, dropTestDatabase } from "./test-database";

composeRuntime({ databaseUrl: await createTestDatabase(), maxConnections: 4 });
// Registered before the file's own hooks, so it runs after them: engines and processes the file
// started are stopped by then.
afterAll(async () => {
  await closeRuntime();
  await dropTestDatabase();
});
