/**
 * The v1 REST API through its route handlers (the modules Next.js serves), with tokens made by
 * the token service and a real workflow engine: the original system's two documented examples
 * verbatim, a whole run (create → assign → execute → status until completed → results), and bad
 * inputs refused with the right status and body and nothing written.
 */
import { count } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as healthRoute from "@/app/api/v1/workflow/health/route";
import * as assignRoute from "@/app/api/v1/workflow/projects/[id]/assign-videos/route";
import * as judgingRoute from "@/app/api/v1/workflow/projects/[id]/judging/route";
import * as thresholdsRoute from "@/app/api/v1/workflow/projects/[id]/latency-thresholds/route";
import * as statusRoute from "@/app/api/v1/workflow/projects/[id]/status/route";
import * as createRoute from "@/app/api/v1/workflow/projects/create/route";
import * as executeRoute from "@/app/api/v1/workflow/tests/execute/route";
import * as actionRoute from "@/app/api/v1/workflow/workflows/[id]/[action]/route";
import * as resultsRoute from "@/app/api/v1/workflow/workflows/[id]/results/route";
import * as workflowRoute from "@/app/api/v1/workflow/workflows/[id]/route";
import { projects } from "@/db/schema";
import { getDb } from "@/server/runtime/slot";
import { makeUser, makeVideo } from "@/server/testing/factories";
import { callRoute } from "@/server/testing/rest-call";
import { testDatabaseUrl } from "@/server/testing/test-database";
import { createApiTokenFor } from "../services/api-tokens/api-tokens";
import { type Engine, startEngine } from "../workflow/engine";

let engine: Engine;
let engineerToken: string;
let viewerToken: string;
beforeAll(async () => {
  engine = await startEngine({ databaseUrl: testDatabaseUrl(), work: true, concurrency: 4 });
  const engineer = await makeUser("engineer");
  const viewer = await makeUser("viewer");
  engineerToken = (await createApiTokenFor(engineer.email, { name: "rig script" })).token;
  viewerToken = (await createApiTokenFor(viewer.email, { name: "dashboard script" })).token;
});
afterAll(async () => {
  await engine?.stop(0);
});

type Handler = Parameters<typeof callRoute>[0];
const call = (handler: Handler, options: Parameters<typeof callRoute>[1] = {}) =>
  callRoute(handler, { ...options, token: options.token === undefined ? engineerToken : options.token });

const example = {
  name: "VRU Detection Project",
  camera_model: "Test Camera",
  camera_view: "Front-facing VRU",
  signal_type: "GPIO",
  workflow_config: {
    execution_strategy: "adaptive",
    priority: "high",
    max_concurrent_tasks: 3,
    latency_thresholds: { detection_latency_ms: 80.0, processing_latency_ms: 400.0 },
    pass_fail_criteria: { min_precision: 0.95, min_recall: 0.9 },
  },
};

describe("REST v1", () => {
  let projectId = "";

  it("creates the documented example project verbatim, with defaults for what it leaves out", async () => {
    const { status, body } = await call(createRoute.POST, { body: example });
    expect(status).toBe(200);
    expect(body.success).toBe(true);
    projectId = body.project_id;
    expect(body.project).toMatchObject({
      project_id: projectId,
      name: "VRU Detection Project",
      camera_model: "Test Camera",
      camera_view: "Front-facing VRU",
      signal_type: "gpio",
      status: "active",
      workflow_config: {
        execution_strategy: "adaptive",
        priority: "high",
        max_concurrent_tasks: 3,
        latency_thresholds: {
          detection_latency_ms: 80,
          processing_latency_ms: 400,
          end_to_end_latency_ms: 1000,
          signal_processing_latency_ms: 50,
          warning_threshold_ms: 80,
          critical_threshold_ms: 150,
        },
        pass_fail_criteria: {
          min_precision: { enabled: true, value: 0.95 },
          min_recall: { enabled: true, value: 0.9 },
          min_f1_score: { enabled: true, value: 0.9 },
        },
      },
    });
  });

  it("answers the documented status shape", async () => {
    const { status, body } = await call(statusRoute.GET, { params: { id: projectId }, token: viewerToken });
    expect(status).toBe(200);
    expect(body).toEqual({
      success: true,
      project_id: projectId,
      workflow_id: null,
      status: {
        basic_progress: { overall_progress: 0, videos: { total: 0, processed: 0 }, tests: { total: 0, completed: 0 } },
        detailed_progress: {
          components: {
            video_assignment: { progress: 0 },
            ground_truth: { progress: 0 },
            test_execution: { progress: 0 },
            analysis: { progress: 0 },
            validation: { progress: 0 },
          },
        },
        workflow_status: { status: "not_started", current_task: null, verdict: null },
      },
    });
  });

  it("runs a project end to end: assign, execute, poll status until completed, read the result", async () => {
    const video = await makeVideo({ cameraView: "front" });
    const assigned = await call(assignRoute.POST, { params: { id: projectId }, body: { video_ids: [video.id] } });
    expect(assigned.status).toBe(200);
    expect(assigned.body.assigned[0]).toMatchObject({ video_id: video.id, usable: true });
    const started = await call(executeRoute.POST, {
      body: {
        project_id: projectId,
        workflow_config: {
          execution_strategy: "parallel",
          max_concurrent_tasks: 5,
          parameters: { dry_run_seconds: 0.2 },
        },
      },
    });
    expect(started.status).toBe(200);
    const workflowId = started.body.workflow_id as string;
    expect(workflowId).toMatch(/^[0-9a-f-]{36}$/);
    let state = "";
    for (let i = 0; i < 200 && state !== "completed" && state !== "failed"; i++) {
      const polled = await call(statusRoute.GET, { params: { id: projectId } });
      state = polled.body.status.workflow_status.status;
      if (state !== "completed") await new Promise((r) => setTimeout(r, 100));
    }
    expect(state).toBe("completed");
    const done = await call(statusRoute.GET, { params: { id: projectId } });
    expect(done.body.status.basic_progress).toMatchObject({ overall_progress: 100, videos: { total: 1 } });
    const run = await call(workflowRoute.GET, { params: { id: workflowId } });
    expect(run.body.workflow).toMatchObject({
      workflow_id: workflowId,
      status: "completed",
      execution_strategy: "parallel",
      max_concurrent_tasks: 5,
      priority: "high",
      // A dry run plays nothing: the one assigned video has no session, so the run is incomplete.
      verdict: "incomplete",
    });
    // The results, with the rule the verdict followed and the intervals of the figures.
    const results = await call(resultsRoute.GET, { params: { id: workflowId }, token: viewerToken });
    expect(results.status).toBe(200);
    expect(results.body.results).toMatchObject({
      workflow_id: workflowId,
      verdict: "incomplete",
      judging: {
        confidence_level: 0.95,
        interval_method: "wilson",
        decision_rule: "bound",
        verdict_scope: "every_video",
      },
      missing_videos: [{ video_id: video.id, reason: "not played" }],
    });
    expect(results.body.results.criteria).toHaveLength(8);
    expect(results.body.results.overall.intervals).toMatchObject({ method: "wilson", level: 0.95, recall: null });
    const pause = await call(actionRoute.POST, { params: { id: workflowId, action: "pause" }, body: {} });
    expect(pause.status).toBe(409);
    expect(pause.body).toMatchObject({ success: false, error: { code: "ILLEGAL_STATE" } });
  });

  it("refuses bad input with the right status and body, writing nothing", async () => {
    const [before] = await getDb().select({ n: count() }).from(projects);
    const cases: Array<[string, Parameters<typeof call>[1], number, string, string | null]> = [
      ["unknown key", { body: { ...example, name: "A", colour: "red" } }, 400, "INVALID_INPUT", "colour"],
      ["wrong type", { body: { ...example, name: 5 } }, 400, "INVALID_INPUT", "name"],
      [
        "ratio 1.5",
        { body: { ...example, name: "B", workflow_config: { pass_fail_criteria: { min_precision: 1.5 } } } },
        400,
        "INVALID_INPUT",
        "workflow_config.pass_fail_criteria.min_precision",
      ],
      [
        "negative latency",
        { body: { ...example, name: "C", workflow_config: { latency_thresholds: { detection_latency_ms: -5 } } } },
        400,
        "INVALID_INPUT",
        "workflow_config.latency_thresholds.detection_latency_ms",
      ],
      ["not JSON", { raw: "{nope" }, 400, "INVALID_INPUT", null],
      ["missing token", { body: { ...example, name: "D" }, token: null }, 401, "UNAUTHORIZED", null],
      ["unknown token", { body: { ...example, name: "E" }, token: "sla_nothing" }, 401, "UNAUTHORIZED", null],
      ["viewer token on a POST", { body: { ...example, name: "F" }, token: viewerToken }, 403, "FORBIDDEN", null],
      ["a name taken", { body: example }, 409, "CONFLICT", "name"],
    ];
    for (const [what, options, status, code, field] of cases) {
      const { status: got, body } = await call(createRoute.POST, options);
      expect({ what, got, body }).toMatchObject({ what, got: status, body: { success: false, error: { code } } });
      expect(typeof body.error.message).toBe("string");
      if (field) expect(body.error.field, what).toBe(field);
    }
    const unknown = await call(statusRoute.GET, { params: { id: "00000000-0000-4000-8000-000000000000" } });
    expect(unknown).toMatchObject({ status: 404, body: { success: false, error: { code: "NOT_FOUND" } } });
    const [after] = await getDb().select({ n: count() }).from(projects);
    expect(after?.n).toBe(before?.n);
  });

  it("changes only the thresholds sent, validated with the stored ones (422 for the combination)", async () => {
    const changed = await call(thresholdsRoute.POST, {
      params: { id: projectId },
      body: { critical_threshold_ms: 300 },
    });
    expect(changed.body.latency_thresholds).toMatchObject({ detection_latency_ms: 80, critical_threshold_ms: 300 });
    const refused = await call(thresholdsRoute.POST, {
      params: { id: projectId },
      body: { warning_threshold_ms: 400 },
    });
    expect(refused.status).toBe(422);
    expect(refused.body.error).toMatchObject({ code: "UNPROCESSABLE", field: "warning_threshold_ms" });
  });

  it("sets how runs are judged, keeping the keys left out, and refuses a bad rule naming the field", async () => {
    const changed = await call(judgingRoute.POST, {
      params: { id: projectId },
      body: { decision_rule: "point", confidence_level: 0.9 },
    });
    expect(changed.status).toBe(200);
    expect(changed.body).toEqual({
      success: true,
      project_id: projectId,
      judging: {
        confidence_level: 0.9,
        interval_method: "wilson",
        decision_rule: "point",
        verdict_scope: "every_video",
      },
    });
    const bad = await call(judgingRoute.POST, { params: { id: projectId }, body: { decision_rule: "vibes" } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.field).toBe("decision_rule");
    const outOfRange = await call(judgingRoute.POST, { params: { id: projectId }, body: { confidence_level: 1 } });
    expect(outOfRange.status).toBe(400);
    expect(outOfRange.body.error.message).toMatch(/Confidence level must be below 1/);
    const viewer = await call(judgingRoute.POST, { params: { id: projectId }, body: {}, token: viewerToken });
    expect(viewer.status).toBe(403);
  });

  it("reports health without sign-in", async () => {
    const response = await healthRoute.GET();
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ success: true, status: "ok", database: { status: "ok" } });
  });
});
