/**
 * Prometheus metrics (prom-client): counted where things happen in this process (detections
 * ingested, live detection latencies) or read from the database when scraped (workflows by state,
 * queue depth, task durations — tasks run in worker processes, so their durations are taken from
 * the tasks that finished since the previous scrape), and the sockets connected now.
 */
import { sql } from "drizzle-orm";
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from "prom-client";
import { getDb } from "@/server/runtime/slot";
import { processShared } from "../runtime/slot";

type Metrics = {
  registry: Registry;
  detectionsIngested: Counter;
  detectionLatency: Histogram;
  socketCounts: () => Record<string, number>;
};

function create(): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: "sightline_" });
  const metrics: Metrics = {
    registry,
    detectionsIngested: new Counter({
      name: "sightline_detections_ingested_total",
      help: "Detection events stored from rigs (duplicates not counted)",
      registers: [registry],
    }),
    detectionLatency: new Histogram({
      name: "sightline_detection_latency_ms",
      help: "Live detection latency of matched onsets, in milliseconds",
      buckets: [10, 25, 50, 80, 100, 150, 200, 300, 500, 1000, 2000],
      registers: [registry],
    }),
    /** Set by the web server once its Socket.IO server exists. */
    socketCounts: () => ({}),
  };
  new Gauge({
    name: "sightline_socket_connections",
    help: "Socket.IO connections now, by namespace",
    labelNames: ["namespace"],
    registers: [registry],
    collect() {
      this.reset();
      for (const [namespace, n] of Object.entries(metrics.socketCounts())) this.set({ namespace }, n);
    },
  });
  new Gauge({
    name: "sightline_workflows",
    help: "Workflows by state",
    labelNames: ["state"],
    registers: [registry],
    async collect() {
      const rows = (await getDb().execute(
        sql`select state, count(*)::int as n from workflows group by state`,
      )) as unknown as Array<{ state: string; n: number }>;
      this.reset();
      for (const r of rows) this.set({ state: r.state }, r.n);
    },
  });
  new Gauge({
    name: "sightline_queue_depth",
    help: "Tasks waiting for a worker (queued or waiting to retry)",
    registers: [registry],
    async collect() {
      const [row] = (await getDb().execute(
        sql`select count(*)::int as n from workflow_tasks where state in ('queued', 'retrying')`,
      )) as unknown as Array<{ n: number }>;
      this.set(row?.n ?? 0);
    },
  });
  let since = new Date();
  new Histogram({
    name: "sightline_task_duration_seconds",
    help: "Duration of finished task attempts, by task",
    labelNames: ["task", "state"],
    buckets: [0.05, 0.1, 0.5, 1, 5, 15, 60, 300, 1800],
    registers: [registry],
    async collect() {
      const until = new Date();
      const rows = (await getDb().execute(sql`
        select name, state, extract(epoch from finished_at - started_at)::float8 as seconds
        from workflow_tasks
        where finished_at > ${since.toISOString()}::timestamptz and finished_at <= ${until.toISOString()}::timestamptz
          and started_at is not null
      `)) as unknown as Array<{ name: string; state: string; seconds: number }>;
      for (const r of rows) this.observe({ task: r.name, state: r.state }, Math.max(0, r.seconds));
      since = until;
    },
  });
  return metrics;
}

export function metrics(): Metrics {
  return processShared("metrics", create);
}
