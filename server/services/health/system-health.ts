/**
 * Is Sightline well: the database (answering within a second and a half, else unreachable), the
 * job engine's backlog, the tasks at work, the rigs online, the version and the uptime. Open
 * without sign-in, for load balancers and monitoring; nothing in it is secret.
 */
import { sql } from "drizzle-orm";
import { getDb } from "@/server/runtime/slot";
import { systemVersion } from "../../software-identity";

const DATABASE_TIMEOUT_MS = 1500;

type Counts = { queued: number; running: number; rigs_online: number };

function within<T>(ms: number, work: Promise<T>): Promise<T> {
  return Promise.race([
    work,
    new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms).unref()),
  ]);
}

export async function systemHealth() {
  const started = performance.now();
  let counts: Counts | null = null;
  let problem: string | null = null;
  try {
    const [row] = (await within(
      DATABASE_TIMEOUT_MS,
      getDb().execute(sql`
        select
          (select count(*)::int from workflow_tasks where state in ('queued', 'retrying')) as queued,
          (select count(*)::int from workflow_tasks where state = 'running') as running,
          (select count(*)::int from rigs where status = 'online') as rigs_online
      `),
    )) as unknown as Counts[];
    counts = row ?? null;
  } catch (error) {
    problem = error instanceof Error ? error.message : String(error);
  }
  const databaseMs = Math.round((performance.now() - started) * 10) / 10;
  return {
    healthy: counts !== null,
    body: {
      status: counts ? "ok" : "unavailable",
      database: counts ? { status: "ok", latency_ms: databaseMs } : { status: "unreachable", error: problem },
      job_engine: counts ? { status: "ok", queued_tasks: counts.queued } : { status: "unknown" },
      workers: counts ? { running_tasks: counts.running } : null,
      rigs_online: counts?.rigs_online ?? null,
      version: systemVersion,
      uptime_s: Math.round(process.uptime()),
    },
  };
}
