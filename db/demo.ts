/**
 * `npm run demo`: a whole validation run to watch, with nothing but this checkout. Seeds a demo
 * project (three annotated scenes with pedestrians and cyclists, the default thresholds and
 * criteria), a demo admin if there is no user yet, two rigs, and a run waiting for them; then
 * starts Sightline (`npm start`) and two agents with the simulated camera. The run plays on both
 * rigs and ends with a verdict in about a minute. Ctrl+C stops everything it started.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import path from "node:path";
import { eq } from "drizzle-orm";
import { closeDatabase, getDb, openDatabase } from "./client";
import { groundTruthEvents, projects, rigs, users, videos } from "./schema";

const PROJECT = "Demo: blind-spot camera (right side)";
const scenes = [
  {
    name: "demo/crossing-pedestrians.mp4",
    seconds: 24,
    events: [
      [2, 5, "pedestrian"],
      [8, 11, "pedestrian"],
      [15, 19, "pedestrian"],
    ],
  },
  {
    name: "demo/cyclist-overtaking.mp4",
    seconds: 20,
    events: [
      [3, 6, "cyclist"],
      [9, 13, "cyclist"],
      [14, 16, "pedestrian"],
    ],
  },
  {
    name: "demo/schoolyard-exit.mp4",
    seconds: 28,
    events: [
      [1, 4, "pedestrian"],
      [6, 8, "pedestrian"],
      [12, 17, "cyclist"],
      [20, 25, "pedestrian"],
    ],
  },
] as const;

async function seed() {
  const { resolveDatabase } = await import("@/server/database");
  const { createProject } = await import("@/server/services/projects/create-project");
  const { createRig } = await import("@/server/services/rigs/create-rig");
  const { rotateRigToken } = await import("@/server/services/rigs/rotate-rig-token");
  const { createUser } = await import("@/server/services/users/create-user");
  const { createWorkflow } = await import("@/server/services/workflows/create-workflow");
  const { startEngine } = await import("@/server/workflow/engine");
  const database = await resolveDatabase({ migrate: true });
  openDatabase(database.url);
  try {
    const db = getDb();
    let login: string | null = null;
    if ((await db.select({ id: users.id }).from(users).limit(1)).length === 0) {
      const password = randomBytes(9).toString("base64url");
      await createUser({ email: "demo@sightline.local", password, role: "admin", name: "Demo" });
      login = `demo@sightline.local / ${password}`;
    }
    const [existing] = await db.select().from(projects).where(eq(projects.name, PROJECT));
    const project =
      existing ??
      (await createProject(
        {
          name: PROJECT,
          description: "R151 blind-spot information system: pedestrians and cyclists passing the cab's right side.",
          cameraModel: "BSIS-200 (simulated)",
          cameraView: "right",
          signalType: "gpio",
        },
        null,
      ));
    for (const scene of scenes) {
      const [video] = await db
        .insert(videos)
        .values({
          fileName: scene.name.slice(5),
          storageKey: scene.name,
          sha256: Buffer.from(scene.name).toString("hex").padEnd(64, "0").slice(0, 64),
          sizeBytes: 0,
          durationMs: scene.seconds * 1000,
          fps: 30,
          tags: { cameraView: "right", scenario: "demo", vruClasses: [...new Set(scene.events.map((e) => e[2]))] },
          groundTruthStatus: "reviewed",
        })
        .onConflictDoNothing()
        .returning();
      if (video) {
        await db.insert(groundTruthEvents).values(
          scene.events.map(([from, to, cls]) => ({
            videoId: video.id,
            class: cls,
            onsetUs: from * 1_000_000,
            offsetUs: to * 1_000_000,
            source: "annotated" as const,
          })),
        );
      }
    }
    const tokens: string[] = [];
    for (const name of ["Demo rig 1", "Demo rig 2"]) {
      const [rig] = await db.select().from(rigs).where(eq(rigs.name, name));
      tokens.push(rig ? (await rotateRigToken({ id: rig.id })).token : (await createRig({ name })).token);
    }
    // Queue the run now; the server's workers take it as soon as it starts.
    const engine = await startEngine({ databaseUrl: database.url, work: false, concurrency: 1 });
    const run = await createWorkflow({ projectId: project.id, strategy: "parallel", start: true }, null);
    await engine.stop(0);
    return { tokens, runId: run.id, login };
  } finally {
    await closeDatabase();
    await database.stop();
  }
}

async function waitForServer(url: string, child: ChildProcess): Promise<void> {
  for (;;) {
    if (child.exitCode !== null) throw new Error("Sightline did not start; see its output above.");
    try {
      if ((await fetch(`${url}/api/trpc/health.check`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

async function main() {
  const { env } = await import("@/server/env");
  process.stdout.write("demo: seeding the demo project, rigs and run…\n");
  const { tokens, runId, login } = await seed();
  const url = `http://localhost:${env.PORT}`;
  const children: ChildProcess[] = [];
  const stop = () => {
    for (const child of children) if (child.exitCode === null) child.kill("SIGTERM");
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);

  process.stdout.write("demo: starting Sightline (the first start builds it, about a minute)…\n");
  const server = spawn("npm", ["start"], { stdio: "inherit", env: process.env });
  children.push(server);
  await waitForServer(url, server);
  tokens.forEach((token, i) => {
    const agent = spawn(
      process.execPath,
      [
        "--import",
        "tsx",
        "agent/main.ts",
        "--server",
        url,
        "--source",
        "sim",
        "--sim-seed",
        String(i + 1),
        "--spool",
        path.join(env.SIGHTLINE_DATA_DIR, `demo-spool-${i + 1}`),
      ],
      { stdio: "ignore", env: { ...process.env, SIGHTLINE_RIG_TOKEN: token } },
    );
    children.push(agent);
  });
  process.stdout.write(
    [
      "",
      `demo: Sightline is running at ${url}`,
      login ? `demo: sign in as ${login}` : "demo: sign in with your account",
      `demo: watch the run: ${url}/workflows/${runId} — its results: ${url}/workflows/${runId}/results`,
      `demo: the rigs: ${url}/rigs (two agents with a simulated camera)`,
      "demo: Ctrl+C stops the server and the agents.",
      "",
    ].join("\n"),
  );
  server.on("exit", (code) => {
    stop();
    process.exit(code ?? 0);
  });
}

main().catch((error: unknown) => {
  process.stderr.write(`demo: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
