/**
 * Who owns a data dir's embedded PostgreSQL: a lock file (`<data dir>/sightline.lock`) naming the
 * process that started it — a server, or the `sightline` command when no server runs — with its
 * pid and the kernel's start time of that pid (so a reused pid is not mistaken for it), its engine
 * instance id, and whether it is shutting down.
 *
 * - A server never shares or stops another live server's PostgreSQL: while that one runs it
 *   refuses to start, saying so; while that one shuts down (its grace period) it waits for it.
 * - The `sightline` command shares a running server's PostgreSQL (it is short-lived), and
 *   otherwise owns the data dir for the duration of the command.
 * - A lock left by a process that died (kill -9) is stale: the next owner takes over, and learns
 *   the dead server's instance id, so its attempts can be taken back at once.
 *
 * The file appears whole (written aside, then hard-linked into place, which fails if it exists),
 * so a reader never sees half of it.
 */
import { readFileSync, rmSync } from "node:fs";
import fs from "node:fs/promises";
import path from "node:path";
import { isAlive, startTimeOf } from "./process-liveness";

export type LockRole = "server" | "cli";

type LockContent = {
  pid: number;
  /** The pid's start time (/proc/<pid>/stat field 22), null where there is no /proc. */
  startTime: string | null;
  role: LockRole;
  instanceId: string;
  state: "running" | "stopping";
  /** While stopping: how long its grace period may last. */
  graceSeconds?: number;
  since: string;
};

export type OwnedDataDir = {
  kind: "owner";
  /** The instance id of a server that held the data dir and died without releasing it. */
  predecessor: string | null;
  /** Tells processes that wait for the data dir that this one is shutting down within `graceSeconds`. */
  markStopping(graceSeconds: number): Promise<void>;
  release(): Promise<void>;
};

/** A server owns the data dir and is running: the `sightline` command uses its PostgreSQL. */
export type SharedDataDir = { kind: "shared"; ownerPid: number };

type Log = { info(msg: string): void; warn(msg: string): void };

export class DataDirInUseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "DataDirInUseError";
  }
}

const LOCK_FILE = "sightline.lock";
/** A command holding the data dir is waited for this long at most. */
const WAIT_FOR_COMMAND_MS = 60_000;
/** Beyond a stopping server's grace period, its shutdown may take this much longer. */
const STOP_MARGIN_MS = 30_000;
const POLL_MS = 100;

export function lockFilePath(dataDir: string): string {
  return path.join(dataDir, LOCK_FILE);
}

/** Whether the process the lock names still runs (the same process, not a later one with its pid). */
async function holderAlive(content: LockContent): Promise<boolean> {
  if (!isAlive(content.pid)) return false;
  const now = await startTimeOf(content.pid);
  if (now === undefined) return false;
  return content.startTime === null || now === null || now === content.startTime;
}

function parseLock(raw: string): LockContent | null {
  try {
    const parsed = JSON.parse(raw) as LockContent;
    return typeof parsed.pid === "number" && typeof parsed.instanceId === "string" ? parsed : null;
  } catch {
    return null;
  }
}

/** Writes the lock into place if there is none; false if one exists. */
async function createLock(file: string, content: LockContent): Promise<boolean> {
  const aside = `${file}.${process.pid}.${Date.now()}`;
  await fs.writeFile(aside, `${JSON.stringify(content)}\n`, { mode: 0o644 });
  try {
    await fs.link(aside, file);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return false;
    throw error;
  } finally {
    await fs.rm(aside, { force: true });
  }
}

/** Removes a stale lock, unless another process replaced it meanwhile. */
async function removeStale(file: string, stale: string): Promise<void> {
  const current = await fs.readFile(file, "utf8").catch(() => null);
  if (current === stale) await fs.rm(file, { force: true });
}

function holderName(content: LockContent): string {
  const who = content.role === "server" ? "Another Sightline server" : "The sightline command";
  return `${who} (pid ${content.pid}, since ${content.since})`;
}

/**
 * Takes the data dir for a server or the command, waiting for a previous owner that is finishing
 * (bounded), or returns that a running server's PostgreSQL is to be shared (the command only).
 */
export async function lockDataDir(
  dataDir: string,
  options: { role: LockRole; instanceId: string; log: Log },
): Promise<OwnedDataDir | SharedDataDir> {
  await fs.mkdir(dataDir, { recursive: true, mode: 0o755 });
  const file = lockFilePath(dataDir);
  const mine: LockContent = {
    pid: process.pid,
    startTime: (await startTimeOf(process.pid)) ?? null,
    role: options.role,
    instanceId: options.instanceId,
    state: "running",
    since: new Date().toISOString(),
  };
  let predecessor: string | null = null;
  let waitingFor: string | null = null;
  let deadline = 0;
  for (;;) {
    if (await createLock(file, mine)) break;
    const raw = await fs
      .readFile(file, "utf8")
      .catch((error: NodeJS.ErrnoException) => (error.code === "ENOENT" ? null : ""));
    if (raw === null) continue; // released meanwhile
    const held = parseLock(raw);
    if (!held) {
      options.log.warn(`Replacing an unreadable lock file ${file}`);
      await removeStale(file, raw);
      continue;
    }
    if (!(await holderAlive(held))) {
      options.log.warn(`${holderName(held)} stopped without releasing ${dataDir}; taking it over`);
      if (held.role === "server") predecessor = held.instanceId;
      await removeStale(file, raw);
      continue;
    }
    if (options.role === "cli" && held.role === "server" && held.state === "running") {
      return { kind: "shared", ownerPid: held.pid };
    }
    if (options.role === "server" && held.role === "server" && held.state === "running") {
      throw new DataDirInUseError(
        `${holderName(held)} is using the data dir ${dataDir}. Stop it first, or give this one its own SIGHTLINE_DATA_DIR.`,
      );
    }
    // A server shutting down, or a command: wait for it, within a bound.
    const key = `${held.pid}:${held.state}`;
    if (waitingFor !== key) {
      waitingFor = key;
      const budget =
        held.state === "stopping" && held.role === "server"
          ? (held.graceSeconds ?? 0) * 1000 + STOP_MARGIN_MS
          : WAIT_FOR_COMMAND_MS;
      deadline = Date.now() + budget;
      options.log.info(
        `${holderName(held)} is ${held.state === "stopping" ? "shutting down" : "using"} ${dataDir}; waiting up to ${Math.round(budget / 1000)} s for it`,
      );
    }
    if (Date.now() > deadline) {
      throw new DataDirInUseError(
        `${holderName(held)} still holds the data dir ${dataDir} after waiting for it. Stop it, or give this process its own SIGHTLINE_DATA_DIR.`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }

  let released = false;
  const ours = () => {
    try {
      const content = JSON.parse(readFileSync(file, "utf8")) as LockContent;
      return content.pid === process.pid && content.instanceId === options.instanceId;
    } catch {
      return false;
    }
  };
  // Last resort if the process exits without releasing (a fatal error): the lock goes with it.
  const onExit = () => {
    if (!released && ours()) rmSync(file, { force: true });
  };
  process.once("exit", onExit);
  return {
    kind: "owner",
    predecessor,
    async markStopping(graceSeconds) {
      if (released || !ours()) return;
      const stopping: LockContent = { ...mine, state: "stopping", graceSeconds, since: new Date().toISOString() };
      // Replaced in one rename, so a reader sees the old content or the new one, never a mix.
      const aside = `${file}.${process.pid}.stopping`;
      await fs.writeFile(aside, `${JSON.stringify(stopping)}\n`);
      await fs.rename(aside, file);
    },
    async release() {
      if (released) return;
      released = true;
      process.removeListener("exit", onExit);
      if (ours()) await fs.rm(file, { force: true });
    },
  };
}
