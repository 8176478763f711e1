/**
 * Writing the history (db/schema/history.ts): who made a change comes from the request that made
 * it (tRPC and REST run their handlers inside `withActor`), else the process's own actor (the
 * command line names itself; the engine is "Sightline"). A change and its history row are
 * written by the same transaction: either both stay or neither does.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import type { Executor } from "@/db/client";
import { changeHistory, type historySubjects } from "@/db/schema";
import { processShared } from "@/server/runtime/slot";

type Actor = { id: string | null; label: string };

const scope = () => processShared("historyActor", () => new AsyncLocalStorage<Actor>());
const fallback = processShared("historyFallbackActor", () => ({ actor: { id: null, label: "Sightline" } as Actor }));

/** Runs `work` with `user` as the author of every change it records. */
export function withActor<T>(user: { id: string; email: string }, work: () => T): T {
  return scope().run({ id: user.id, label: user.email }, work);
}

/** Who changes made outside a request are by (the command line says so at start). */
export function setProcessActor(label: string): void {
  fallback.actor = { id: null, label };
}

function currentActor(): Actor {
  return scope().getStore() ?? fallback.actor;
}

export type Change = {
  subjectType: (typeof historySubjects)[number];
  subjectId: string;
  projectId?: string | null;
  change: string;
  before?: unknown;
  after?: unknown;
};

/** Records changes in `tx`, the transaction that makes them. */
export async function recordChanges(tx: Executor, changes: readonly Change[]): Promise<void> {
  if (changes.length === 0) return;
  const actor = currentActor();
  // A batch (a ground-truth import of 50,000 events) is written a thousand rows at a time.
  for (let at = 0; at < changes.length; at += 1000) {
    await tx.insert(changeHistory).values(
      changes.slice(at, at + 1000).map((c) => ({
        actorId: actor.id,
        actor: actor.label,
        subjectType: c.subjectType,
        subjectId: c.subjectId,
        projectId: c.projectId ?? null,
        change: c.change,
        before: c.before ?? null,
        after: c.after ?? null,
      })),
    );
  }
}

export const recordChange = (tx: Executor, change: Change) => recordChanges(tx, [change]);
