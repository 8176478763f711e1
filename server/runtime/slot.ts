/**
 * What this process shares between its copies of the server's modules. Next.js bundles its own
 * copy of them for its route handlers, and both copies must reach the same database pool, job
 * engine, Socket.IO server, task registry and per-process caches: they live here, in the one
 * globalThis slot of Sightline. The composition root (./compose.ts) fills it at start; everything
 * else reads it through the accessors below, which say plainly what is missing.
 */
import type { PgBoss } from "pg-boss";
import type { Server } from "socket.io";
import type { Connection, Database } from "@/db/client";
import type { RigChannel } from "../dispatch/rig-channel";
import type { WorkflowSnapshot } from "../workflow/refresh";
import type { TaskRegistry } from "../workflow/registry";

export type Runtime = {
  database?: Connection;
  /** The tasks a run may be made of, with the subsystems they call (rigs, analysis). */
  tasks?: TaskRegistry;
  /** The job engine under the workflow engine, once started in this process. */
  boss?: PgBoss;
  /** This process's Socket.IO server (web) or relay (worker): how pushes reach browsers and rigs. */
  io?: Server;
  /** How offers and stops reach the rigs' agents (the dispatcher's, and a cancel's). */
  rigs?: RigChannel;
  /** Told of every committed change of a run (its pushes to browsers). */
  workflowChanged?: (snapshot: WorkflowSnapshot) => void;
  /**
   * While a live transport is attached (server/realtime/live-transport.ts): the NOTIFY that carries
   * a run's push to every web process when the change commits, written in the change's own
   * transaction; null for a push too large for a notification, which is announced after commit.
   */
  workflowNotice?: (snapshot: WorkflowSnapshot) => { channel: string; payload: string } | null;
  /** Per-process state made on first use (caches, the auth instance, metrics). */
  shared: Map<string, unknown>;
};

const slot = globalThis as { __sightline?: Runtime };

export function runtime(): Runtime {
  slot.__sightline ??= { shared: new Map() };
  return slot.__sightline;
}

export function getDb(): Database {
  const database = runtime().database;
  if (!database) {
    throw new Error("The database is not open: start Sightline through server.ts or the sightline command.");
  }
  return database.db;
}

/** The raw postgres-js client of the pool, for LISTEN and pg-boss's adapter. */
export function getSql(): Connection["sql"] {
  const database = runtime().database;
  if (!database) throw new Error("The database is not open.");
  return database.sql;
}

export function getBoss(): PgBoss {
  const boss = runtime().boss;
  if (!boss) throw new Error("The job engine is not started in this process");
  return boss;
}

export function taskRegistry(): TaskRegistry {
  const tasks = runtime().tasks;
  if (!tasks) throw new Error("No task registry in this process: it is made by the composition root at start.");
  return tasks;
}

export function rigChannel(): RigChannel {
  const rigs = runtime().rigs;
  if (!rigs) throw new Error("No channel to the rigs in this process: it is made by the composition root at start.");
  return rigs;
}

/** This process's Socket.IO server, if it has one (the CLI and most tests have none). */
export function socketServer(): Server | undefined {
  return runtime().io;
}

/** A per-process object made on first use and shared by both copies of the modules. */
export function processShared<T>(key: string, create: () => T): T {
  const shared = runtime().shared;
  if (!shared.has(key)) shared.set(key, create());
  return shared.get(key) as T;
}
