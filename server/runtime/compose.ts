/**
 * The composition root: makes what a Sightline process runs on and puts it in the runtime slot
 * (./slot.ts) — the database pool, the task registry with the subsystems its tasks call, and the
 * hook that pushes runs' changes to browsers. The job engine and the Socket.IO server join it when
 * the process starts them (./start-server.ts). Every entry point composes through here: the
 * server, the CLI, the demo, the benchmarks and the tests, which pass their doubles.
 */
import { createConnection } from "@/db/client";
import type { RigChannel } from "../dispatch/rig-channel";
import { socketRigChannel } from "../realtime/rig-channel";
import { publishWorkflow, toPush } from "../realtime/workflow-push";
import { defaultTasks } from "../tasks";
import { dryRunExecutor } from "../tasks/dry-run";
import { resultAnalysis } from "../tasks/result-analysis";
import { rigExecution } from "../tasks/rig-execution";
import type { Subsystems } from "../tasks/subsystems";
import { type TaskDefinition, TaskRegistry } from "../workflow/registry";
import { type Runtime, runtime, socketServer } from "./slot";

export type ComposeOptions = {
  databaseUrl: string;
  /** Connections in the pool (default 10). */
  maxConnections?: number;
  /** The subsystems of the rig and analysis tasks: by default the rigs (or a dry run) and the analysis. */
  subsystems?: Partial<Subsystems>;
  /** Tasks beyond the nine defaults (custom tasks, tests' own). */
  tasks?: readonly TaskDefinition[];
  /** How offers and stops reach rigs: by default through this process's Socket.IO server, once it has one. */
  rigChannel?: RigChannel;
};

export function composeRuntime(options: ComposeOptions): Runtime {
  const current = runtime();
  if (current.database) {
    throw new Error("A runtime is already composed in this process; close it first (closeRuntime).");
  }
  current.database = createConnection(options.databaseUrl, { max: options.maxConnections });
  const subsystems: Subsystems = {
    executor: options.subsystems?.executor ?? rigExecution(dryRunExecutor),
    analyzer: options.subsystems?.analyzer ?? resultAnalysis,
  };
  current.tasks = new TaskRegistry([...defaultTasks(subsystems), ...(options.tasks ?? [])]);
  current.rigs = options.rigChannel ?? socketRigChannel(socketServer);
  current.workflowChanged = (snapshot) => publishWorkflow(toPush(snapshot));
  return current;
}

/** Closes the pool and forgets what was composed (the engine and sockets are stopped by their owners first). */
export async function closeRuntime(): Promise<void> {
  const current = runtime();
  const database = current.database;
  current.database = undefined;
  current.tasks = undefined;
  current.rigs = undefined;
  current.workflowChanged = undefined;
  current.workflowNotice = undefined;
  current.shared.clear();
  await database?.close();
}
