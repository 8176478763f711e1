/**
 * A busy worker step's fetch is planned to walk the queue index in order (fetch-in-order.ts):
 * sorts are turned off for the fetch's statement alone, on the wire, and set back for the
 * statements sent behind it.
 */
import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import type { Db } from "pg-boss";
import { describe, expect, it } from "vitest";
import type { Transaction } from "@/db/client";
import { getBoss, getDb } from "@/server/runtime/slot";
import { engineWithoutWorker } from "@/server/testing/engine-without-worker";
import { TASK_QUEUE } from "./boss";
import { bossInTransaction } from "./boss-in-transaction";
import { fetchInIndexOrder } from "./fetch-in-order";
import { engineStep } from "./runner";

engineWithoutWorker();

/** Whether the planner may sort, read by a statement sent at once (`then` sends it), in order. */
function sortSetting(tx: Transaction): Promise<string> {
  return tx.execute<{ sort: string }>(sql`select current_setting('enable_sort') as sort`).then(([row]) => {
    if (!row) throw new Error("no setting");
    return row.sort;
  });
}

/** pg-boss's fetch replaced, at its place among the statements sent, by a read of the setting. */
function readingSetting(tx: Transaction, afterSend: () => void, seen: string[]): Db {
  return {
    async executeSql() {
      const reading = sortSetting(tx);
      afterSend();
      seen.push(await reading);
      return { rows: [] };
    },
  };
}

type PlanNode = { "Node Type": string; "Index Name"?: string; Plans?: PlanNode[] };

function nodesOf(plan: PlanNode): PlanNode[] {
  return [plan, ...(plan.Plans ?? []).flatMap(nodesOf)];
}

/** pg-boss's fetch explained instead of run: its plan's nodes, and no jobs. */
function explaining(tx: Transaction, afterSend: () => void, plans: PlanNode[][]): Db {
  const db = bossInTransaction(tx, afterSend);
  return {
    async executeSql(text, values) {
      const { rows } = await db.executeSql(`explain (format json) ${text}`, values);
      const [row] = rows as { "QUERY PLAN": { Plan: PlanNode }[] }[];
      const plan = row?.["QUERY PLAN"][0]?.Plan;
      if (!plan) throw new Error("no plan");
      plans.push(nodesOf(plan));
      return { rows: [] };
    },
  };
}

describe("a worker step's fetch", () => {
  it("is planned without sorts, and what is sent behind it as the database is configured", async () => {
    const seen: string[] = [];
    await getDb().transaction(async (tx) => {
      const fetch = (afterSend: () => void) =>
        getBoss().fetch(TASK_QUEUE, { batchSize: 32, db: readingSetting(tx, afterSend, seen) });
      await fetch(() => {});
      let behind: Promise<string> | undefined;
      await fetchInIndexOrder(tx, fetch, () => {
        behind = sortSetting(tx);
      });
      seen.push(await (behind ?? Promise.reject(new Error("nothing was sent behind the fetch"))));
      seen.push(await sortSetting(tx));
    });
    // Alone, then in index order, then behind it, then afterwards.
    expect(seen).toEqual(["on", "off", "on", "on"]);
  });

  it("walks the index only in a step told that jobs wait behind its fetch", async () => {
    const boss = getBoss();
    const fetch = boss.fetch;
    const seen: string[] = [];
    // The step's fetch, replaced by a read of the setting it would be planned with.
    boss.fetch = (async (_name: string, options: { db: Db }) => {
      const [row] = (await options.db.executeSql("select current_setting('enable_sort') as sort", [])).rows as {
        sort: string;
      }[];
      seen.push(row?.sort ?? "");
      return [];
    }) as typeof boss.fetch;
    try {
      await engineStep([], 4, [], null, { backlog: true });
      await engineStep([], 4);
    } finally {
      boss.fetch = fetch;
    }
    expect(seen).toEqual(["off", "on"]);
  });

  it("walks the queue index in order past a backlog", async () => {
    await getBoss().insert(
      TASK_QUEUE,
      Array.from({ length: 3000 }, () => ({ data: { workflowId: randomUUID(), taskId: randomUUID() } })),
    );
    const plans: PlanNode[][] = [];
    await getDb().transaction(async (tx) => {
      await fetchInIndexOrder(tx, (afterSend) =>
        getBoss().fetch(TASK_QUEUE, { batchSize: 32, db: explaining(tx, afterSend, plans) }),
      );
    });
    const nodes = plans[0] ?? [];
    const types = nodes.map((node) => node["Node Type"]);
    expect(types).not.toContain("Sort");
    expect(types).not.toContain("Bitmap Heap Scan");
    expect(types).not.toContain("Seq Scan");
    expect(nodes.some((node) => node["Node Type"] === "Index Scan" && node["Index Name"]?.endsWith("i11"))).toBe(true);
  });

  it("fails with the fetch's own error", async () => {
    await getDb().transaction(async (tx) => {
      const failing = fetchInIndexOrder(tx, async () => {
        throw new Error("the fetch failed");
      });
      await expect(failing).rejects.toThrow("the fetch failed");
    });
  });
});
