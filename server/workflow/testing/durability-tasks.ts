/**
 * Tasks for the durability tests, composed into the runtime both of the test and of the worker
 * processes it starts and kills. They record their attempts in two scratch tables so the test can check what
 * ran where and when (database clock), and a counter whose increment is committed with the
 * task's completion, so a double count would show.
 */
import { sql } from "drizzle-orm";
import { z } from "zod";
import { getDb } from "@/server/runtime/slot";
import type { TaskDefinition } from "../registry";

export async function createScratchTables(): Promise<void> {
  await getDb().execute(sql`
    create table if not exists engine_test_spans (
      workflow_id uuid not null, task text not null, pid int not null, attempt int not null,
      started_at timestamptz not null default clock_timestamp(), ended_at timestamptz)`);
  await getDb().execute(
    sql`create table if not exists engine_test_counters (workflow_id uuid primary key, n int not null default 0)`,
  );
}

export const chainTasks = Array.from({ length: 6 }, (_, i) => `chain_${i + 1}`);
export const fanTasks = Array.from({ length: 10 }, (_, i) => `fan_${i + 1}`);

function sleep(ms: number, signal: AbortSignal) {
  return new Promise<void>((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener("abort", () => {
      clearTimeout(timer);
      reject(signal.reason);
    });
  });
}

function durabilityTask(name: string, dependsOn: string[]): TaskDefinition {
  return {
    name,
    phase: "execution",
    dependsOn,
    output: z.undefined(),
    retry: { maxAttempts: 5, backoffSeconds: 0 },
    async handler({ workflowId, attempt, signal, parameters }) {
      await getDb().execute(
        sql`insert into engine_test_spans (workflow_id, task, pid, attempt) values (${workflowId}, ${name}, ${process.pid}, ${attempt})`,
      );
      const long = parameters.longTask === name;
      await sleep(Number((long ? parameters.longSleepMs : parameters.sleepMs) ?? 200), signal);
      return {
        commit: async (tx) => {
          if (parameters.slowCommitTask === name)
            await tx.execute(sql`select pg_sleep(${Number(parameters.slowCommitSeconds ?? 2)})`);
          await tx.execute(
            sql`insert into engine_test_counters (workflow_id, n) values (${workflowId}, 1)
                on conflict (workflow_id) do update set n = engine_test_counters.n + 1`,
          );
          await tx.execute(
            sql`update engine_test_spans set ended_at = clock_timestamp()
                where workflow_id = ${workflowId} and task = ${name} and attempt = ${attempt} and pid = ${process.pid}`,
          );
        },
      };
    },
  };
}

export const durabilityTasks: TaskDefinition[] = [
  ...chainTasks.map((name, i) => durabilityTask(name, i === 0 ? [] : [chainTasks[i - 1] as string])),
  ...fanTasks.map((name) => durabilityTask(name, [])),
];
