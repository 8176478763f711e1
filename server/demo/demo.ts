/**
 * `npm run demo`: a whole validation run to watch, with nothing but this checkout, in a
 * Sightline of its own (data dir `.data-demo`, port 3001, unless SIGHTLINE_DATA_DIR / PORT say
 * otherwise), so it never mixes with real data. Seeds a demo project (three annotated scenes
 * with pedestrians and cyclists, the default thresholds and criteria), a demo admin (its
 * password kept in the data dir and printed at every start), two rigs and a run waiting for
 * them; and the sample set (samples/): a real 40 s video with its ground truth and tags, in a
 * project of its own with a run per firmware version, each with that firmware's detections.
 * Then starts Sightline (`npm start`) and two agents with the simulated camera: the run plays on
 * both rigs and ends with a verdict in about two minutes. Ctrl+C stops everything it started.
 */
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { createReadStream, existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { eq, inArray } from "drizzle-orm";
import { groundTruthEvents, projects, rigs, users, videos } from "@/db/schema";
import { closeRuntime, composeRuntime } from "@/server/runtime/compose";
import { getDb } from "@/server/runtime/slot";

// Its own Sightline unless told otherwise: set before anything reads the environment.
process.env.SIGHTLINE_DATA_DIR ??= path.resolve(".data-demo");
if (process.env.SIGHTLINE_DATA_DIR === path.resolve(".data-demo")) process.env.PORT ??= "3001";

const PROJECT = "Demo: blind-spot camera (right side)";
const SAMPLE_PROJECT = "Sample: crossing scene (right side)";
const samples = path.resolve("samples");
const firmwares = [
  { version: "1.0", file: "detections-firmware-1.0.csv" },
  { version: "1.1", file: "detections-firmware-1.1.csv" },
] as const;
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

/**
 * The sample set: the video (made by scripts/make-samples.mjs), uploaded as any video is, its
 * ground truth and tags imported from the JSON file, reviewed; its own project; and once, a run
 * per firmware version (simulated playback, so labelled dry runs) with that firmware's
 * detections imported, which the run's analysis judges.
 */
async function seedSamples(): Promise<string> {
  const { uploadVideo } = await import("@/server/services/videos/upload-video");
  const { importGroundTruth } = await import("@/server/services/ground-truth/import-ground-truth");
  const { createProject } = await import("@/server/services/projects/create-project");
  const { addVideos } = await import("@/server/services/assignment/assignments");
  const { createWorkflow } = await import("@/server/services/workflows/create-workflow");
  const { importDetections } = await import("@/server/services/results/import-detections");
  const db = getDb();
  const file = execFileSync(process.execPath, [path.resolve("scripts/make-samples.mjs")], { encoding: "utf8" }).trim();
  const { video } = await uploadVideo(createReadStream(file), { fileName: path.basename(file) }, null);
  if (video.groundTruthStatus === "none") {
    const content = readFileSync(path.join(samples, "crossing-ground-truth.json"), "utf8");
    await importGroundTruth({ videoId: video.id, fileName: "crossing-ground-truth.json", content }, null);
    // Checked by the sample's author: reviewed, so that runs use it as they would real ground truth.
    await db.update(videos).set({ groundTruthStatus: "reviewed" }).where(eq(videos.id, video.id));
  }
  const [existing] = await db.select().from(projects).where(eq(projects.name, SAMPLE_PROJECT));
  if (existing) return existing.id;
  const project = await createProject(
    {
      name: SAMPLE_PROJECT,
      description: "The sample set (samples/): one 40 s crossing scene, two firmware versions of the camera.",
      cameraModel: "BSIS-200 (sample)",
      cameraView: "right",
      signalType: "gpio",
    },
    null,
  );
  await addVideos({ projectId: project.id, videoIds: [video.id] });
  for (const firmware of firmwares) {
    const run = await createWorkflow(
      {
        projectId: project.id,
        name: `Crossing scene, firmware ${firmware.version}`,
        firmwareVersion: firmware.version,
        parameters: { dryRunSeconds: 2 },
        start: true,
      },
      null,
    );
    await importDetections({
      workflowId: run.id,
      videoId: video.id,
      fileName: firmware.file,
      content: readFileSync(path.join(samples, firmware.file), "utf8"),
    });
  }
  return project.id;
}

async function seed() {
  const { env } = await import("@/server/env");
  const { resolveDatabase } = await import("@/server/database");
  const { createProject } = await import("@/server/services/projects/create-project");
  const { createRig } = await import("@/server/services/rigs/create-rig");
  const { rotateRigToken } = await import("@/server/services/rigs/rotate-rig-token");
  const { createUser } = await import("@/server/services/users/create-user");
  const { createWorkflow } = await import("@/server/services/workflows/create-workflow");
  const { startEngine } = await import("@/server/workflow/engine");
  const database = await resolveDatabase({ migrate: true });
  composeRuntime({ databaseUrl: database.url });
  try {
    const db = getDb();
    const loginFile = path.join(env.SIGHTLINE_DATA_DIR, "demo-login.txt");
    let login: string | null = existsSync(loginFile) ? readFileSync(loginFile, "utf8").trim() : null;
    if ((await db.select({ id: users.id }).from(users).limit(1)).length === 0) {
      const password = randomBytes(9).toString("base64url");
      await createUser({ email: "demo@sightline.local", password, role: "admin", name: "Demo" });
      login = `demo@sightline.local / ${password}`;
      writeFileSync(loginFile, `${login}\n`, { mode: 0o600 });
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
    // The demo's run plays its three scenes (not the sample video, which has a project of its own).
    const { addVideos } = await import("@/server/services/assignment/assignments");
    const sceneVideos = await db
      .select({ id: videos.id })
      .from(videos)
      .where(
        inArray(
          videos.storageKey,
          scenes.map((scene) => scene.name),
        ),
      );
    await addVideos({ projectId: project.id, videoIds: sceneVideos.map((v) => v.id) });
    const tokens: string[] = [];
    for (const name of ["Demo rig 1", "Demo rig 2"]) {
      const [rig] = await db.select().from(rigs).where(eq(rigs.name, name));
      tokens.push(rig ? (await rotateRigToken({ id: rig.id })).token : (await createRig({ name })).token);
    }
    // Queue the runs now; the server's workers take them as soon as it starts.
    const engine = await startEngine({ databaseUrl: database.url, work: false, concurrency: 1 });
    const sampleProjectId = await seedSamples();
    const run = await createWorkflow({ projectId: project.id, strategy: "parallel", start: true }, null);
    await engine.stop(0);
    return { tokens, runId: run.id, login, sampleProjectId };
  } finally {
    await closeRuntime();
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
  const { tokens, runId, login, sampleProjectId } = await seed();
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
      `demo: Sightline is running at ${url} (data dir ${env.SIGHTLINE_DATA_DIR})`,
      login ? `demo: sign in as ${login}` : "demo: sign in with your account (this data dir had users before the demo)",
      `demo: watch the run: ${url}/workflows/${runId} — its results: ${url}/workflows/${runId}/results`,
      `demo: the rigs: ${url}/rigs (two agents with a simulated camera)`,
      `demo: the sample set, firmware 1.0 against 1.1: ${url}/projects/${sampleProjectId} — the files are in samples/`,
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
