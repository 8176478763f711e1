/**
 * The data dir's owner lock with real processes: a server beside a running server is refused, one
 * beside a server that shuts down waits for it, the command shares a running server, and a lock
 * left by a killed process is taken over, naming the dead server for a fast takeover.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { lockFilePath } from "./data-dir-lock";

const children: ChildProcess[] = [];
const dirs: string[] = [];
afterAll(() => {
  for (const child of children) if (child.exitCode === null) child.kill("SIGKILL");
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

type Reply = { kind: string; predecessor?: string | null; message?: string; ownerPid?: number };

function locker(dataDir: string, role: "server" | "cli", instanceId: string) {
  const child = spawn(
    process.execPath,
    ["--import", "tsx", path.join(import.meta.dirname, "testing/lock-child.ts"), dataDir, role, instanceId],
    { stdio: ["pipe", "pipe", "pipe"] },
  );
  children.push(child);
  let err = "";
  child.stderr?.on("data", (chunk) => {
    err += chunk;
  });
  const reply = new Promise<Reply>((resolve, reject) => {
    let out = "";
    child.stdout?.on("data", (chunk) => {
      out += chunk;
      if (out.includes("\n")) resolve(JSON.parse(out.split("\n")[0] as string) as Reply);
    });
    child.on("exit", (code) => reject(new Error(`exited (${code}) without a reply: ${err}`)));
  });
  return {
    child,
    reply,
    log: () => err,
    say: (line: string) => child.stdin?.write(`${line}\n`),
    exited: new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code))),
  };
}

const scratch = () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), "sightline-lock-"));
  dirs.push(dir);
  return dir;
};

describe("the data dir lock", () => {
  it("refuses a second server beside a running one, and lets the command share it", async () => {
    const dir = scratch();
    const first = locker(dir, "server", "first");
    expect(await first.reply).toEqual({ kind: "owner", predecessor: null });
    const second = locker(dir, "server", "second");
    expect(await second.reply).toMatchObject({
      kind: "refused",
      message: expect.stringMatching(
        new RegExp(`^Another Sightline server \\(pid ${first.child.pid}, since .*\\) is using the data dir`),
      ),
    });
    expect(await second.exited).toBe(3);
    const command = locker(dir, "cli", "command");
    expect(await command.reply).toEqual({ kind: "shared", ownerPid: first.child.pid });
    command.say("release");
    first.say("release");
    expect(await first.exited).toBe(0);
    // Released: the next server owns it with no predecessor.
    const next = locker(dir, "server", "next");
    expect(await next.reply).toEqual({ kind: "owner", predecessor: null });
    next.say("release");
  }, 30_000);

  it("makes a server wait for one that is shutting down, then take over", async () => {
    const dir = scratch();
    const first = locker(dir, "server", "first");
    await first.reply;
    first.say("stopping");
    await new Promise((resolve) => setTimeout(resolve, 300));
    const second = locker(dir, "server", "second");
    let replied = false;
    void second.reply.then(() => {
      replied = true;
    });
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(replied).toBe(false);
    expect(second.log()).toMatch(/is shutting down .*; waiting up to 60 s for it/);
    first.say("release");
    expect(await second.reply).toEqual({ kind: "owner", predecessor: null });
    second.say("release");
  }, 30_000);

  it("takes over a lock left by a killed server and names it; a reused pid is not taken for it", async () => {
    const dir = scratch();
    const first = locker(dir, "server", "killed-one");
    await first.reply;
    first.child.kill("SIGKILL");
    await first.exited;
    const second = locker(dir, "server", "second");
    expect(await second.reply).toEqual({ kind: "owner", predecessor: "killed-one" });
    second.say("release");
    await second.exited;

    // A lock naming a live process whose start time differs (the pid was reused) is stale too.
    const content = {
      pid: process.pid,
      startTime: "1",
      role: "server",
      instanceId: "gone",
      state: "running",
      since: "then",
    };
    writeFileSync(lockFilePath(dir), JSON.stringify(content));
    const third = locker(dir, "server", "third");
    expect(await third.reply).toEqual({ kind: "owner", predecessor: "gone" });
    expect(JSON.parse(readFileSync(lockFilePath(dir), "utf8"))).toMatchObject({ instanceId: "third" });
    third.say("release");
  }, 30_000);
});
