/**
 * A whole Sightline installation to break: the production server on a fresh data dir (its
 * embedded PostgreSQL), a first admin signed in over HTTP, a project whose annotated videos are
 * seeded into its database, rigs (two unless told) with real agent processes (the simulated camera), and runs
 * started through the REST API as a script would. The database is read directly (its port is
 * taken from the cluster's postmaster.pid each time, as it changes when PostgreSQL restarts).
 */
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import postgres from "postgres";
import type { SimCameraOptions } from "@/agent/sources/sim";
import { runningEmbeddedUrl } from "@/db/embedded";
import { seededRandom } from "@/lib/seeded-random";
import { freePort } from "../processes";
import { SightlineProcess } from "./sightline-process";
import { cameraFlags, SimAgent } from "./sim-agent";

export type WorldOptions = {
  /** Seeds the videos' ground truth and the cameras. */
  seed: number;
  videos?: number;
  /** How many rigs, each with its agent process (default 2). */
  rigs?: number;
  /** Extra server environment (e.g. a short shutdown grace). */
  serverEnv?: Record<string, string>;
  /** The simulated camera (every rig's, seeded with `seed`). */
  camera?: Partial<SimCameraOptions>;
};

export type VideoSeed = {
  id: string;
  fileName: string;
  durationMs: number;
  events: { onsetUs: number; offsetUs: number; class: string }[];
};

const ADMIN = { email: "chaos@sightline.test", password: "chaos-password-123" };
/** A camera that misses now and then, raises false alarms and re-triggers: every figure is exercised. */
const DEFAULT_CAMERA: Partial<SimCameraOptions> = {
  missRate: 0.1,
  falsePositivesPerMinute: 6,
  retriggerRate: 0.2,
  latencyMinMs: 40,
  latencyMaxMs: 260,
};

export class RigWorld {
  server!: SightlineProcess;
  readonly agents: SimAgent[] = [];
  readonly videos: VideoSeed[] = [];
  projectId = "";
  private cookie = "";
  private sql: postgres.Sql | null = null;
  private sqlUrl = "";

  private constructor(
    readonly options: WorldOptions,
    readonly dataDir: string,
    readonly port: number,
  ) {}

  static async create(options: WorldOptions): Promise<RigWorld> {
    const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), "sightline-chaos-"));
    const world = new RigWorld(options, dataDir, await freePort());
    await world.startServer();
    await world.seed();
    return world;
  }

  get camera(): Partial<SimCameraOptions> {
    return this.options.camera ?? DEFAULT_CAMERA;
  }

  get baseURL(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async startServer(env: Record<string, string> = {}): Promise<SightlineProcess> {
    this.server = await SightlineProcess.start({
      port: this.port,
      dataDir: this.dataDir,
      env: { ...this.options.serverEnv, ...env },
    });
    return this.server;
  }

  /** The server's database (reconnecting when PostgreSQL came back on another port). */
  async db(): Promise<postgres.Sql> {
    const url = await runningEmbeddedUrl(this.dataDir);
    if (!url) throw new Error("the embedded PostgreSQL is not running");
    if (this.sql && url === this.sqlUrl) return this.sql;
    await this.sql?.end({ timeout: 1 }).catch(() => {});
    this.sql = postgres(url, { max: 2, onnotice: () => {}, connect_timeout: 5, idle_timeout: 5 });
    this.sqlUrl = url;
    return this.sql;
  }

  /** A query that waits out a database that is restarting (up to `ms`). */
  async query<T>(run: (sql: postgres.Sql) => Promise<T>, ms = 60_000): Promise<T> {
    const deadline = Date.now() + ms;
    for (;;) {
      try {
        return await run(await this.db());
      } catch (error) {
        if (Date.now() > deadline) throw error;
        await this.sql?.end({ timeout: 1 }).catch(() => {});
        this.sql = null;
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
    }
  }

  async request<T = unknown>(method: string, route: string, body?: unknown): Promise<{ status: number; body: T }> {
    const response = await fetch(`${this.baseURL}${route}`, {
      method,
      headers: { "content-type": "application/json", cookie: this.cookie, origin: this.baseURL },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: (text ? JSON.parse(text) : null) as T };
  }

  private async rest<T>(method: string, route: string, body?: unknown): Promise<T> {
    const reply = await this.request<{ success: boolean; data?: T; error?: unknown } & T>(
      method,
      `/api/v1/workflow${route}`,
      body,
    );
    if (reply.status !== 200) throw new Error(`${method} ${route}: ${reply.status} ${JSON.stringify(reply.body)}`);
    return reply.body as T;
  }

  private async trpc<T>(procedure: string, input: unknown): Promise<T> {
    const reply = await this.request<{ result: { data: { json: T } } }>("POST", `/api/trpc/${procedure}`, {
      json: input,
    });
    if (reply.status !== 200) throw new Error(`${procedure}: ${reply.status} ${JSON.stringify(reply.body)}`);
    return reply.body.result.data.json;
  }

  private async seed(): Promise<void> {
    const setup = await this.request("POST", "/api/setup", ADMIN);
    if (setup.status !== 201) throw new Error(`first admin: ${setup.status} ${JSON.stringify(setup.body)}`);
    const signIn = await fetch(`${this.baseURL}/api/auth/sign-in/email`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: this.baseURL },
      body: JSON.stringify(ADMIN),
    });
    if (!signIn.ok) throw new Error(`sign-in: ${signIn.status}`);
    this.cookie = signIn.headers
      .getSetCookie()
      .map((c) => c.split(";")[0])
      .join("; ");

    const created = await this.rest<{ project_id?: string; project?: { id: string } }>("POST", "/projects/create", {
      name: `Chaos ${this.options.seed}`,
      camera_view: "right",
      signal_type: "GPIO",
      workflow_config: { execution_strategy: "parallel" },
    });
    this.projectId = (created.project_id ?? created.project?.id) as string;

    const random = seededRandom(this.options.seed);
    const sql = await this.db();
    for (let v = 0; v < (this.options.videos ?? 4); v++) {
      const durationMs = 7000 + Math.floor(random() * 5) * 1000;
      const events: VideoSeed["events"] = [];
      let at = 500_000 + Math.floor(random() * 500_000);
      while (at < durationMs * 1000 - 2_000_000) {
        const length = 800_000 + Math.floor(random() * 1_200_000);
        events.push({ onsetUs: at, offsetUs: at + length, class: random() < 0.7 ? "pedestrian" : "cyclist" });
        at += length + 700_000 + Math.floor(random() * 1_500_000);
      }
      const key = `chaos/${this.options.seed}-${v}`;
      const [row] = await sql<{ id: string; file_name: string }[]>`
        insert into videos (file_name, storage_key, sha256, size_bytes, duration_ms, fps, tags, ground_truth_status)
        values (${`scene-${v + 1}.mp4`}, ${key}, ${`${this.options.seed}${v}`.padEnd(64, "0")}, 1024, ${durationMs}, 30,
                ${sql.json({ cameraView: "right", vruClasses: ["pedestrian", "cyclist"] })}, 'reviewed')
        returning id, file_name`;
      const id = row?.id as string;
      for (const e of events) {
        await sql`insert into ground_truth_events (video_id, class, onset_us, offset_us, source)
                  values (${id}, ${e.class}, ${e.onsetUs}, ${e.offsetUs}, 'annotated')`;
      }
      this.videos.push({ id, fileName: row?.file_name as string, durationMs, events });
    }
    await this.rest("POST", `/projects/${this.projectId}/assign-videos`, { video_ids: this.videos.map((v) => v.id) });

    const rigs = this.options.rigs ?? 2;
    for (const label of Array.from({ length: rigs }, (_, i) => `rig-${String.fromCharCode(97 + i)}`)) {
      const { token } = await this.trpc<{ token: string }>("rigs.create", { name: `${label} ${this.options.seed}` });
      const agent = new SimAgent({
        server: this.baseURL,
        token,
        dir: this.dataDir,
        label,
        seed: this.options.seed,
        camera: cameraFlags(this.camera),
      });
      agent.start();
      this.agents.push(agent);
    }
    await this.waitFor(
      async () =>
        (await this.query((q) => q<{ n: number }[]>`select count(*)::int as n from rigs where status = 'online'`))[0]
          ?.n === rigs,
      30_000,
      `all ${rigs} rigs online`,
    );
  }

  /** Starts a run through the REST API; its id. */
  async startRun(parameters: Record<string, unknown> = {}): Promise<string> {
    const reply = await this.rest<{ workflow_id: string }>("POST", "/tests/execute", {
      project_id: this.projectId,
      workflow_config: { execution_strategy: "parallel", parameters },
    });
    return reply.workflow_id;
  }

  async cancelRun(id: string): Promise<void> {
    await this.rest("POST", `/workflows/${id}/cancel`);
  }

  async runState(id: string): Promise<{ state: string; verdict: string | null; error: string | null }> {
    const [row] = await this.query(
      (q) => q<{ state: string; verdict: string | null; error: string | null }[]>`
        select state, verdict, error from workflows where id = ${id}`,
    );
    if (!row) throw new Error(`no run ${id}`);
    return row;
  }

  async waitFor(check: () => Promise<boolean>, ms: number, what: string): Promise<void> {
    const deadline = Date.now() + ms;
    while (Date.now() < deadline) {
      if (await check().catch(() => false)) return;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`timed out after ${ms / 1000} s waiting for ${what}`);
  }

  /** Waits until the run has ended; null if it has not within `ms` (it hangs). */
  async waitForEnd(id: string, ms: number): Promise<{ state: string; verdict: string | null } | null> {
    const deadline = Date.now() + ms;
    while (Date.now() < deadline) {
      const run = await this.runState(id).catch(() => null);
      if (run && ["completed", "failed", "cancelled"].includes(run.state)) return run;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    return null;
  }

  /** What went on, for a failure's message: the run's sessions and tasks, and the processes' last words. */
  async diagnostics(id: string): Promise<string> {
    const parts: string[] = [];
    try {
      const sessions = await this.query(
        (q) => q`select video_id, attempt, status, rig_id, error, offered_at, started_at, finished_at
                 from test_sessions where workflow_id = ${id} order by created_at`,
        5000,
      );
      const tasks = await this.query(
        (q) =>
          q`select name, state, attempt, error, worker_id from workflow_tasks where workflow_id = ${id} order by position`,
        5000,
      );
      const rigs = await this.query(
        (q) => q`select name, status, last_seen_at, agent_session_id, agent_phase from rigs`,
        5000,
      );
      parts.push(
        `sessions ${JSON.stringify(sessions)}`,
        `tasks ${JSON.stringify(tasks)}`,
        `rigs ${JSON.stringify(rigs)}`,
      );
    } catch (error) {
      parts.push(`database: ${(error as Error).message}`);
    }
    parts.push(`server:\n${this.server.tail(4000)}`);
    for (const agent of this.agents) parts.push(`${agent.options.label}:\n${agent.output().slice(-2000)}`);
    return parts.join("\n");
  }

  async close(): Promise<void> {
    await Promise.all(this.agents.map((a) => a.stop()));
    await this.sql?.end({ timeout: 1 }).catch(() => {});
    await this.server.stop();
    await fs.rm(this.dataDir, { recursive: true, force: true });
  }
}
