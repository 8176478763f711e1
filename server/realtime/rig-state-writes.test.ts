/** A rig's state writes, on the test database: a heartbeat counts from when it arrived. */
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import type { AgentState } from "@/lib/rig-protocol";
import { getDb } from "@/server/runtime/slot";
import { createRig } from "../services/rigs/create-rig";
import { heartbeatInOrder, inRigOrder } from "./rig-state-writes";

const idle: AgentState = { sessionId: null, phase: "idle", phaseMs: 0, positionMs: 0 };

async function databaseNow(): Promise<number> {
  const [row] = await getDb().execute<{ ms: number }>(sql`select extract(epoch from clock_timestamp()) * 1000 as ms`);
  return Number(row?.ms);
}

async function lastSeen(rigId: string): Promise<number> {
  const [row] = await getDb().execute<{ ms: number }>(
    sql`select extract(epoch from last_seen_at) * 1000 as ms from rigs where id = ${rigId}`,
  );
  return Number(row?.ms);
}

describe("heartbeatInOrder", () => {
  it("records when the heartbeat arrived, though its write waited behind a slow one", async () => {
    const { rig } = await createRig({ name: `queued ${Date.now()}` });
    let release: () => void = () => {};
    const slowWrite = new Promise<void>((resolve) => {
      release = resolve;
    });
    let written = false;
    inRigOrder(rig.id, () => slowWrite);
    const arrived = await databaseNow();
    heartbeatInOrder(rig.id, idle);
    // The heartbeat's write gets its turn 1.5 s after it arrived.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    inRigOrder(rig.id, async () => {
      written = true;
    });
    release();
    await expect.poll(() => written, { timeout: 5000 }).toBe(true);
    const seen = await lastSeen(rig.id);
    expect(seen).toBeGreaterThanOrEqual(arrived - 50);
    expect(seen).toBeLessThan(arrived + 500);
  });

  it("never moves the last sighting back", async () => {
    const { rig } = await createRig({ name: `monotone ${Date.now()}` });
    await getDb().execute(sql`update rigs set last_seen_at = now() + interval '1 minute' where id = ${rig.id}`);
    const before = await lastSeen(rig.id);
    let written = false;
    heartbeatInOrder(rig.id, idle, Date.now() - 10_000);
    inRigOrder(rig.id, async () => {
      written = true;
    });
    await expect.poll(() => written, { timeout: 5000 }).toBe(true);
    expect(await lastSeen(rig.id)).toBe(before);
  });
});
