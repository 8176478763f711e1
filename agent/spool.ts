/**
 * The agent's disk spool: every event is appended to its session's file before it is sent, and
 * stays pending until the server acknowledges it, across disconnects and agent restarts. A
 * session's file is an append-only log of event lines and acknowledgement lines; replaying it
 * gives the events still pending.
 */
import { appendFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import type { RigDetectionEvent } from "@/lib/rig-protocol";

type Line = { e: RigDetectionEvent } | { a: number[] };

export class Spool {
  private readonly pending = new Map<string, Map<number, RigDetectionEvent>>();

  constructor(private readonly dir: string) {
    mkdirSync(dir, { recursive: true });
    for (const file of readdirSync(dir)) {
      if (file.endsWith(".jsonl")) this.replay(file.slice(0, -6));
    }
  }

  private file(sessionId: string) {
    return path.join(this.dir, `${sessionId}.jsonl`);
  }

  private replay(sessionId: string) {
    const events = new Map<number, RigDetectionEvent>();
    for (const raw of readFileSync(this.file(sessionId), "utf8").split("\n")) {
      if (!raw) continue;
      let line: Line;
      try {
        line = JSON.parse(raw) as Line;
      } catch {
        continue; // a line cut by a crash mid-write: its event was never sent
      }
      if ("e" in line) events.set(line.e.seq, line.e);
      else for (const seq of line.a) events.delete(seq);
    }
    this.pending.set(sessionId, events);
  }

  /** Sessions with events still to deliver (after a restart, too). */
  sessions(): string[] {
    return [...this.pending.keys()];
  }

  add(sessionId: string, event: RigDetectionEvent): void {
    appendFileSync(this.file(sessionId), `${JSON.stringify({ e: event })}\n`);
    let events = this.pending.get(sessionId);
    if (!events) {
      events = new Map();
      this.pending.set(sessionId, events);
    }
    events.set(event.seq, event);
  }

  ack(sessionId: string, seqs: readonly number[]): void {
    const events = this.pending.get(sessionId);
    if (!events || seqs.length === 0) return;
    appendFileSync(this.file(sessionId), `${JSON.stringify({ a: seqs })}\n`);
    for (const seq of seqs) events.delete(seq);
  }

  /** The oldest pending events of a session, at most `limit`. */
  next(sessionId: string, limit: number): RigDetectionEvent[] {
    const events = this.pending.get(sessionId);
    if (!events) return [];
    // Events are added, and replayed, in seq order; a Map keeps that order.
    const out: RigDetectionEvent[] = [];
    for (const event of events.values()) {
      if (out.length >= limit) break;
      out.push(event);
    }
    return out;
  }

  count(sessionId: string): number {
    return this.pending.get(sessionId)?.size ?? 0;
  }

  /** Forgets a session whose events are all acknowledged and that the server closed. */
  remove(sessionId: string): void {
    this.pending.delete(sessionId);
    if (existsSync(this.file(sessionId))) rmSync(this.file(sessionId));
  }
}
