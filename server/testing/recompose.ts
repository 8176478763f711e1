/** A test file's own runtime: its doubles (subsystems, extra tasks) on the file's database. */
import { type ComposeOptions, closeRuntime, composeRuntime } from "../runtime/compose";
import { testDatabaseUrl } from "./test-database";

export async function recompose(options: Partial<ComposeOptions> = {}): Promise<void> {
  await closeRuntime();
  composeRuntime({ databaseUrl: testDatabaseUrl(), ...options });
}
