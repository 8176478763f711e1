/** A test file's own runtime: its doubles (subsystems, extra tasks) on the run's database or another. */
import { inject } from "vitest";
import { type ComposeOptions, closeRuntime, composeRuntime } from "../runtime/compose";

export async function recompose(options: Partial<ComposeOptions> = {}): Promise<void> {
  await closeRuntime();
  composeRuntime({ databaseUrl: inject("dbUrl"), maxConnections: 4, ...options });
}
