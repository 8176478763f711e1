import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import postgres from "postgres";
import { Server } from "socket.io";
import { io as connect, type Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { liveRooms, type WorkflowPush } from "@/lib/live-events";
import { runtime } from "@/server/runtime/slot";
import { projectInput } from "@/server/testing/factories";
import { testDatabaseUrl } from "@/server/testing/test-database";
import { createProject } from "../services/projects/create-project";
import { createWorkflow } from "../services/workflows/create-workflow";
import { startWorkflow } from "../services/workflows/start-workflow";
import { type Engine, startEngine } from "../workflow/engine";
import type { WorkflowSnapshot } from "../workflow/refresh";
import { waitFor } from "../workflow/testing/wait";
import { attachLiveAdapter, type LiveTransport } from "./live-transport";
import { setSocketServer } from "./publish";
import { toPush, WORKFLOW_PUSH_CHANNEL, workflowNotice } from "./workflow-push";

/** A browser on this process's /live, in the given rooms. */
async function browser(port: number, rooms: string[]) {
  const client = connect(`http://127.0.0.1:${port}/live`, { transports: ["websocket"], forceNew: true });
  await new Promise<void>((resolve) => client.on("connect", () => resolve()));
  for (const room of rooms) client.emit("subscribe", room);
  await new Promise((resolve) => setTimeout(resolve, 100));
  const pushes: WorkflowPush[] = [];
  client.on("workflow:changed", (push: WorkflowPush) => pushes.push(push));
  return { client, pushes };
}

describe("runs' pushes written in the change's transaction", () => {
  const http = createServer();
  const io = new Server(http);
  let transport: LiveTransport;
  let engine: Engine;
  let port = 0;
  const clients: Socket[] = [];
  beforeAll(async () => {
    io.of("/live").on("connection", (socket) => {
      socket.on("subscribe", (room: string) => void socket.join(room));
    });
    engine = await startEngine({ databaseUrl: testDatabaseUrl(), work: false, concurrency: 1 });
    transport = attachLiveAdapter(io, testDatabaseUrl());
    setSocketServer(io);
    await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
    port = (http.address() as AddressInfo).port;
  });
  afterAll(async () => {
    for (const client of clients) client.close();
    setSocketServer(undefined);
    await new Promise<void>((resolve) => io.close(() => resolve()));
    await transport.close();
    await engine.stop(0);
  });

  it("reach the run's rooms once per change, on commit, and not a room of another run", async () => {
    const project = await createProject(projectInput(), null);
    const { id } = await createWorkflow({ projectId: project.id, tasks: ["validate_project"] }, null);
    const watching = await browser(port, [liveRooms.workflow(id)]);
    const elsewhere = await browser(port, [liveRooms.workflow("00000000-0000-4000-8000-000000000000")]);
    clients.push(watching.client, elsewhere.client);
    // What PostgreSQL delivers on the channel, heard by a listener of the test's own.
    const heard: string[] = [];
    const listener = postgres(testDatabaseUrl(), { max: 1, onnotice: () => {} });
    await listener.listen(WORKFLOW_PUSH_CHANNEL, (payload) => heard.push(payload));
    await startWorkflow({ id }, null);
    const pushes = await waitFor(
      async () => watching.pushes.filter((p) => p.workflowId === id),
      (list) => list.length > 0,
      10_000,
    );
    // Nothing more comes for this change: the push after commit was not sent as well.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(watching.pushes).toHaveLength(1);
    expect(pushes[0]?.control).toBe("running");
    expect(pushes[0]?.tasks.map((t) => t.state)).toEqual(["queued"]);
    expect(elsewhere.pushes).toHaveLength(0);
    // It came as the transaction's notification.
    expect(heard.map((p) => (JSON.parse(p) as WorkflowPush).workflowId)).toEqual([id]);
    await listener.end();
  });

  it("are notifications only while a live transport is attached, and only below PostgreSQL's limit", async () => {
    expect(runtime().workflowNotice).toBe(workflowNotice);
    const project = await createProject(projectInput(), null);
    const { id } = await createWorkflow({ projectId: project.id, tasks: ["validate_project"] }, null);
    const { getDb } = await import("@/server/runtime/slot");
    const { WorkflowChanges } = await import("../workflow/changes");
    const snapshot = await getDb()
      .transaction(async (tx) => {
        const changes = await WorkflowChanges.lock(tx, [id]);
        changes.touch(id, "test");
        const [s] = await changes.flush();
        throw Object.assign(new Error("rolled back"), { snapshot: s });
      })
      .catch((error: { snapshot: WorkflowSnapshot }) => error.snapshot);
    const notice = workflowNotice(snapshot);
    expect(notice?.channel).toBe(WORKFLOW_PUSH_CHANNEL);
    expect(JSON.parse(notice?.payload ?? "null")).toEqual(JSON.parse(JSON.stringify(toPush(snapshot))));
    // A task error of 10 kB makes the push too large for a notification: it goes after commit.
    const [task] = snapshot.tasks;
    const large = {
      ...snapshot,
      tasks: [{ ...(task as WorkflowSnapshot["tasks"][number]), error: "x".repeat(10_000) }],
    };
    expect(workflowNotice(large)).toBeNull();
  });
});
