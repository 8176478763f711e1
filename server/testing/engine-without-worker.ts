/**
 * A test file's engine without a worker: runs are created, started and cancelled through it, and
 * nothing runs their tasks unless the test does (a worker step by hand, or another process).
 * Composes the file's runtime first; stopped after the file's tests.
 */
import { afterAll, beforeAll } from "vitest";
import { type Engine, startEngine } from "../workflow/engine";
import { recompose } from "./recompose";
import { testDatabaseUrl } from "./test-database";

export function engineWithoutWorker(): void {
  let engine: Engine | undefined;
  beforeAll(async () => {
    await recompose();
    engine = await startEngine({ databaseUrl: testDatabaseUrl(), work: false, concurrency: 1 });
  });
  afterAll(async () => {
    await engine?.stop(0);
  });
}
