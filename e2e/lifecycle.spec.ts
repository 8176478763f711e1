/**
 * The server process itself: SIGTERM stops it and its embedded PostgreSQL (no orphan), and a
 * restart on the same data dir keeps the projects.
 */
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { processesUsing, startServer, stopServer } from "./fixtures/server-process";

const port = Number(process.env.E2E_LIFECYCLE_PORT ?? 3111);

async function signIn(baseURL: string): Promise<string> {
  const response = await fetch(`${baseURL}/api/auth/sign-in/email`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: baseURL },
    body: JSON.stringify({ email: "ops@e2e.sightline", password: "ops-password-123" }),
  });
  expect(response.status).toBe(200);
  return response.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
}

async function trpc(baseURL: string, cookie: string, pathName: string, input?: unknown) {
  const response = await fetch(`${baseURL}/api/trpc/${pathName}`, {
    method: input === undefined ? "GET" : "POST",
    headers: { "content-type": "application/json", cookie, origin: baseURL },
    body: input === undefined ? undefined : JSON.stringify({ json: input }),
  });
  return { status: response.status, body: (await response.json()) as { result?: { data: { json: unknown } } } };
}

test("SIGTERM leaves no orphan postgres, and a restart keeps the projects", async () => {
  test.setTimeout(180_000);
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), "sightline-lifecycle-"));
  try {
    const first = await startServer({ port, dataDir });
    const setup = await fetch(`${first.baseURL}/api/setup`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: first.baseURL },
      body: JSON.stringify({ email: "ops@e2e.sightline", password: "ops-password-123" }),
    });
    expect(setup.status).toBe(201);
    const cookie = await signIn(first.baseURL);
    const created = await trpc(first.baseURL, cookie, "projects.create", {
      name: "Survives restarts",
      cameraView: "left",
      signalType: "serial",
    });
    expect(created.status).toBe(200);
    expect((await processesUsing(dataDir)).length).toBeGreaterThan(0);

    expect(await stopServer(first)).toBe(0);
    expect(first.output()).toContain("Sightline stopped");
    expect(await processesUsing(dataDir)).toEqual([]);

    const second = await startServer({ port, dataDir });
    try {
      const again = await signIn(second.baseURL);
      const list = await trpc(second.baseURL, again, "projects.list");
      expect(list.status).toBe(200);
      expect(list.body.result?.data.json).toEqual([expect.objectContaining({ name: "Survives restarts" })]);
    } finally {
      expect(await stopServer(second)).toBe(0);
    }
    expect(await processesUsing(dataDir)).toEqual([]);
  } finally {
    await fs.rm(dataDir, { recursive: true, force: true });
  }
});
