/**
 * A script's view of the REST API over real HTTP: a token made by the `sightline` CLI (run while
 * the server runs, so it shares the server's embedded database), then create → assign videos →
 * execute → poll status until completed → read the result; and the OpenAPI document and health.
 */
import { spawnSync } from "node:child_process";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { seedVideo } from "./fixtures/database";
import { sameOrigin } from "./fixtures/origin";
import { ADMIN } from "./fixtures/session";

const root = path.resolve(import.meta.dirname, "..");

test("a script with a CLI-made token runs a project through the REST API", async ({ request, baseURL }) => {
  test.setTimeout(120_000);
  const setup = await request.post("/api/setup", {
    data: { email: ADMIN.email, password: ADMIN.password },
    headers: sameOrigin,
  });
  expect([201, 409]).toContain(setup.status());
  const cli = spawnSync(
    process.execPath,
    ["bin/sightline.mjs", "token", "create", "--email", ADMIN.email, "--name", "e2e script"],
    {
      cwd: root,
      env: { ...process.env, SIGHTLINE_DATA_DIR: process.env.E2E_DATA_DIR, DATABASE_URL: "", LOG_LEVEL: "warn" },
      encoding: "utf8",
    },
  );
  expect(cli.stderr).toBe("");
  expect(cli.status).toBe(0);
  const token = cli.stdout.trim();
  const auth = { authorization: `Bearer ${token}` };
  const api = `${baseURL}/api/v1/workflow`;

  const created = await request.post(`${api}/projects/create`, {
    headers: auth,
    data: { name: `REST camera ${Date.now()}`, camera_view: "Rear view", signal_type: "Network Packet" },
  });
  expect(created.status()).toBe(200);
  const project = (await created.json()) as { success: boolean; project_id: string; project: { signal_type: string } };
  expect(project).toMatchObject({ success: true, project: { signal_type: "network" } });

  const video = await seedVideo("rear");
  const assigned = await request.post(`${api}/projects/${project.project_id}/assign-videos`, {
    headers: auth,
    data: { video_ids: [video.id] },
  });
  expect(await assigned.json()).toMatchObject({ success: true, count: 1 });

  const started = await request.post(`${api}/tests/execute`, {
    headers: auth,
    data: {
      project_id: project.project_id,
      workflow_config: { execution_strategy: "parallel", max_concurrent_tasks: 5 },
    },
  });
  const { workflow_id: workflowId } = (await started.json()) as { workflow_id: string };
  expect(workflowId).toMatch(/^[0-9a-f-]{36}$/);

  await expect
    .poll(
      async () => {
        const status = await request.get(`${api}/projects/${project.project_id}/status`, { headers: auth });
        return ((await status.json()) as { status: { workflow_status: { status: string } } }).status.workflow_status
          .status;
      },
      { timeout: 60_000 },
    )
    .toBe("completed");
  const run = await request.get(`${api}/workflows/${workflowId}`, { headers: auth });
  expect(await run.json()).toMatchObject({
    success: true,
    // A dry run plays nothing: its assigned videos have no session, so it is incomplete, never a pass.
    workflow: { workflow_id: workflowId, status: "completed", execution_strategy: "parallel", verdict: "incomplete" },
  });

  const anonymous = await request.get(`${api}/workflows/${workflowId}`, { headers: { authorization: "" } });
  expect(anonymous.status()).toBe(401);
  expect(await anonymous.json()).toMatchObject({ success: false, error: { code: "UNAUTHORIZED" } });

  const health = await request.get(`${api}/health`);
  expect(health.status()).toBe(200);
  expect(await health.json()).toMatchObject({ success: true, status: "ok", database: { status: "ok" } });
  const openapi = await request.get(`${baseURL}/api/v1/openapi.json`);
  expect(((await openapi.json()) as { openapi: string }).openapi).toBe("3.1.0");
});

test("a JSON reply under 1 KB goes out uncompressed, a larger one compressed", async ({ request, baseURL }) => {
  const gzip = { "accept-encoding": "gzip" };
  // Both through the production server's gzip step: a reply's length decides, not its route.
  const small = await request.get(`${baseURL}/api/v1/workflow/health`, { headers: gzip });
  const smallBody = await small.body();
  expect(smallBody.length).toBeLessThan(1024);
  expect(small.headers()["content-encoding"]).toBeUndefined();
  const refused = await request.get(`${baseURL}/api/v1/workflow/workflows/active`, { headers: gzip });
  expect(refused.status()).toBe(401);
  expect(refused.headers()["content-encoding"]).toBeUndefined();
  expect(await refused.json()).toMatchObject({ success: false, error: { code: "UNAUTHORIZED" } });
  const large = await request.get(`${baseURL}/api/v1/openapi.json`, { headers: gzip });
  expect(large.headers()["content-encoding"]).toBe("gzip");
  expect((await large.body()).length).toBeGreaterThan(1024);
});
