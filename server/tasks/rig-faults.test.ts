/**
 * Faults on the way from the rig: the agent's connection is cut for 10 s in the middle of a
 * session (through a TCP proxy between agent and server), and the server process is restarted
 * once during the run. The run still completes, and the database holds exactly the events the
 * agent emitted: none lost, none twice.
 */
import type { ChildProcess } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { createServer, type Socket, type Server as TcpServer, connect as tcpConnect } from "node:net";
import os from "node:os";
import path from "node:path";
import { eq, inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { detectionEvents, testSessions } from "@/db/schema";
import { getDb } from "@/server/runtime/slot";
import { makeVideo, projectInput } from "@/server/testing/factories";
import { freePort, startReady } from "@/server/testing/processes";
import { testDatabaseUrl } from "@/server/testing/test-database";
import { createProject } from "../services/projects/create-project";
import { createRig } from "../services/rigs/create-rig";
import { createWorkflow } from "../services/workflows/create-workflow";
import { cameraFlags, SimAgent } from "../testing/chaos/sim-agent";
import { type Engine, startEngine } from "../workflow/engine";
import { waitFor, waitForState } from "../workflow/testing/wait";

const scratch = mkdtempSync(path.join(os.tmpdir(), "sightline-faults-"));
let engine: Engine;
const children = new Set<ChildProcess>();
const agents = new Set<SimAgent>();

beforeAll(async () => {
  // This process only creates the run; the server process runs it.
  engine = await startEngine({ databaseUrl: testDatabaseUrl(), work: false, concurrency: 1 });
});
afterAll(async () => {
  for (const child of children) if (child.exitCode === null) child.kill("SIGKILL");
  for (const agent of agents) await agent.kill();
  await engine?.stop(0);
});

async function startServer(port: number): Promise<ChildProcess> {
  const child = await startReady(
    "server/realtime/testing/rig-server-main.ts",
    { DATABASE_URL: testDatabaseUrl(), PORT: String(port), LOG_LEVEL: "error" },
    "server",
  );
  children.add(child);
  return child;
}

function stopServer(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    child.once("exit", () => resolve());
    child.kill("SIGTERM");
  });
}

/** A TCP proxy that can cut every connection through it and refuse new ones for a while. */
function proxy(targetPort: number) {
  const open = new Set<Socket>();
  let cut = false;
  const server: TcpServer = createServer((client) => {
    if (cut) return client.destroy();
    const upstream = tcpConnect(targetPort, "127.0.0.1");
    for (const s of [client, upstream]) {
      open.add(s);
      s.on("close", () => open.delete(s));
      s.on("error", () => {});
    }
    client.pipe(upstream).pipe(client);
    client.on("close", () => upstream.destroy());
    upstream.on("close", () => client.destroy());
  });
  return {
    listen: () =>
      new Promise<number>((resolve) =>
        server.listen(0, "127.0.0.1", () => resolve((server.address() as { port: number }).port)),
      ),
    cut() {
      cut = true;
      for (const s of open) s.destroy();
    },
    restore() {
      cut = false;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe("an agent cut off for 10 s, and a server restarted, during a run", () => {
  it("loses no event and stores none twice", async () => {
    const serverPort = await freePort();
    let server = await startServer(serverPort);
    const link = proxy(serverPort);
    const proxyPort = await link.listen();

    const project = await createProject(projectInput({ cameraView: "rear" }), null);
    for (let i = 0; i < 3; i++) await makeVideo({ cameraView: "rear", events: 8 });
    const { token } = await createRig({ name: "faulty bench" });
    const agent = new SimAgent({
      server: `http://127.0.0.1:${proxyPort}`,
      token,
      dir: scratch,
      label: "bench",
      seed: 1,
      camera: cameraFlags({ falsePositivesPerMinute: 30, retriggerRate: 0.5 }),
      speed: 0.8,
    });
    agent.start();
    agents.add(agent);

    const { id } = await createWorkflow({ projectId: project.id, strategy: "parallel", start: true }, null);
    const sessionsOf = () => getDb().select().from(testSessions).where(eq(testSessions.workflowId, id));
    const stored = async () => {
      const ids = (await sessionsOf()).map((s) => s.id);
      return ids.length ? getDb().select().from(detectionEvents).where(inArray(detectionEvents.sessionId, ids)) : [];
    };
    const emitted = () => agent.emitted() as unknown as Record<string, unknown>[];

    // Cut the link once the first events are stored, mid-session, for 10 s.
    await waitFor(stored, (rows) => rows.length >= 2, 60_000);
    link.cut();
    const emittedBeforeCut = emitted().length;
    await new Promise((resolve) => setTimeout(resolve, 10_000));
    expect(emitted().length).toBeGreaterThan(emittedBeforeCut); // the camera went on while cut off
    link.restore();

    // Then restart the server while the run goes on.
    await waitFor(sessionsOf, (s) => s.some((x) => x.status === "completed"), 60_000);
    await stopServer(server);
    server = await startServer(serverPort);

    const done = await waitForState(id, ["completed", "failed"], 120_000).catch((error: Error) => {
      throw new Error(`${error.message}\nagent:\n${agent.output().slice(-3000)}`);
    });
    expect(done.state).toBe("completed");
    const sessions = await sessionsOf();
    expect(sessions.filter((s) => s.status === "completed")).toHaveLength(3);

    const key = (e: Record<string, unknown>) =>
      [e.sessionId, e.seq, e.line, e.edge, e.videoTimeUs, String(e.rigMonotonicNs)].join("|");
    const fromAgent = emitted().map(key).sort();
    const inDatabase = (await stored()).map((e) => key(e as unknown as Record<string, unknown>)).sort();
    const lost = fromAgent.filter((k) => !inDatabase.includes(k));
    const duplicated = inDatabase.length - new Set(inDatabase).size;
    expect({ lost: lost.length, duplicated }).toEqual({ lost: 0, duplicated: 0 });
    expect(inDatabase).toEqual(fromAgent);
    expect(agent.output()).toMatch(/disconnected/);

    await agent.stop();
    await stopServer(server);
    await link.close();
  }, 240_000);
});
