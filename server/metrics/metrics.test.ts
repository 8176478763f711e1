/**
 * /metrics over real HTTP on this machine: the Prometheus text has the metrics Sightline
 * promises, with values read from the database and counted in the process.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { describe, expect, it } from "vitest";
import { callerAs, projectInput } from "@/server/testing/factories";
import { metrics } from "./metrics";
import { serveMetrics } from "./metrics-http";

describe("/metrics", () => {
  it("answers a scrape with the token with workflows by state, queue depth, durations, detections, sockets, latency", async () => {
    const { caller } = await callerAs("engineer");
    const project = await caller.projects.create(projectInput());
    await caller.workflows.create({ projectId: project.id, tasks: ["validate_project"] });
    metrics().detectionsIngested.inc(3);
    metrics().detectionLatency.observe(120);
    metrics().socketCounts = () => ({ live: 2, rig: 1 });
    const token = "metrics-token-of-the-test";
    const server = createServer((req, res) => serveMetrics(req, res, { SIGHTLINE_METRICS_TOKEN: token }));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const { port } = server.address() as AddressInfo;
      expect((await fetch(`http://127.0.0.1:${port}/metrics`)).status).toBe(401);
      const response = await fetch(`http://127.0.0.1:${port}/metrics`, {
        headers: { authorization: `Bearer ${token}` },
      });
      expect(response.status).toBe(200);
      expect(response.headers.get("content-type")).toMatch(/^text\/plain/);
      const text = await response.text();
      expect(text).toMatch(/^sightline_workflows\{state="initialized"\} [1-9]\d*$/m);
      expect(text).toMatch(/^sightline_queue_depth \d+$/m);
      expect(text).toMatch(/^# TYPE sightline_task_duration_seconds histogram$/m);
      expect(text).toMatch(/^sightline_detections_ingested_total [3-9]\d*$/m);
      expect(text).toMatch(/^sightline_socket_connections\{namespace="live"\} 2$/m);
      expect(text).toMatch(/^sightline_detection_latency_ms_bucket\{le="150"\} [1-9]\d*$/m);
      expect(text).toMatch(/^sightline_process_resident_memory_bytes \d+/m);
    } finally {
      server.close();
    }
  });

  it("is not served on the main port without a token, even to a caller on this machine", async () => {
    const server = createServer((req, res) => serveMetrics(req, res, {}));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const response = await fetch(`http://127.0.0.1:${port}/metrics`);
      expect(response.status).toBe(404);
      expect(await response.text()).toMatch(/SIGHTLINE_METRICS_TOKEN/);
    } finally {
      server.close();
    }
  });
});
