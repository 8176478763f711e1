/**
 * Test sessions (one playback of one video on one rig within a workflow) and the detection
 * events the rig's agent reported for them. `(session_id, seq)` is unique so that a re-sent
 * event is stored once.
 */
import { sql } from "drizzle-orm";
import {
  bigint,
  check,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import type { ClockSample } from "@/lib/rig-protocol";
import { sessionStatuses } from "@/lib/states";
import { rigs } from "./rigs";
import { videos } from "./videos";
import { workflows } from "./workflows";

/**
 * `interrupted`: the session stopped before its end for a reason outside the camera (its rig was
 * lost, its agent restarted or was stopped, playback stalled); the video is played again in a new
 * session. An interrupted session is never analysed.
 */
export const signalEdges = ["rising", "falling"] as const;

/**
 * Where a session came from: played on a rig (its place in the run's order; a replay names the
 * session it replays), or imported from a recorded detection file.
 */
export type SessionMetadata = {
  source?: "rig" | "import";
  order?: number;
  replayOf?: string;
  fileName?: string;
  format?: string;
  detections?: number;
};

export const testSessions = pgTable(
  "test_sessions",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    workflowId: uuid("workflow_id").references(() => workflows.id, { onDelete: "cascade" }),
    videoId: uuid("video_id")
      .notNull()
      .references(() => videos.id, { onDelete: "restrict" }),
    rigId: uuid("rig_id").references(() => rigs.id, { onDelete: "set null" }),
    status: text("status", { enum: sessionStatuses }).notNull().default("pending"),
    /** 1 for a video's first session in a run, then one more for each replay after an interruption. */
    attempt: integer("attempt").notNull().default(1),
    /** When the session was offered to its rig (it must start soon after, or go back to the queue). */
    offeredAt: timestamp("offered_at", { withTimezone: true }),
    /** Playback anchor: rig monotonic time (ns) at video time 0, and how it was obtained. */
    anchorMonotonicNs: bigint("anchor_monotonic_ns", { mode: "bigint" }),
    anchorSource: text("anchor_source"),
    clockOffsetNs: bigint("clock_offset_ns", { mode: "bigint" }),
    /** The detection signal's source (gpio, udp, sim, replay) and the clock of its timestamps, as the agent said. */
    signalSource: text("signal_source"),
    eventClock: text("event_clock"),
    /** Clock round trips through the session (lib/rig-protocol.ts `clockSampleSchema`), as the agent sent them. */
    clockSamples: jsonb("clock_samples").$type<ClockSample[]>(),
    positionMs: integer("position_ms").notNull().default(0),
    /** When the playback position last moved (a position that stops moving is a stalled player). */
    positionAt: timestamp("position_at", { withTimezone: true }),
    metadata: jsonb("metadata").$type<SessionMetadata>().notNull().default({}),
    error: text("error"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    startedAt: timestamp("started_at", { withTimezone: true }),
    finishedAt: timestamp("finished_at", { withTimezone: true }),
  },
  (t) => [
    index("test_sessions_workflow_idx").on(t.workflowId),
    index("test_sessions_rig_idx").on(t.rigId),
    // One rig session per video and attempt of a run: a second writer of the same one finds it taken.
    uniqueIndex("test_sessions_run_video_attempt_unique")
      .on(t.workflowId, t.videoId, t.attempt)
      .where(sql`${t.metadata}->>'source' = 'rig'`),
    // The dispatcher reads the open sessions of every run.
    index("test_sessions_open_idx").on(t.status).where(sql`${t.status} in ('pending', 'running')`),
  ],
);

export const detectionEvents = pgTable(
  "detection_events",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    sessionId: uuid("session_id")
      .notNull()
      .references(() => testSessions.id, { onDelete: "cascade" }),
    seq: bigint("seq", { mode: "number" }).notNull(),
    line: text("line").notNull(),
    edge: text("edge", { enum: signalEdges }).notNull(),
    videoTimeUs: bigint("video_time_us", { mode: "number" }).notNull(),
    rigMonotonicNs: bigint("rig_monotonic_ns", { mode: "bigint" }),
    readMonotonicNs: bigint("read_monotonic_ns", { mode: "bigint" }),
    receivedAt: timestamp("received_at", { withTimezone: true }).notNull().defaultNow(),
    class: text("class"),
    confidence: doublePrecision("confidence"),
  },
  (t) => [
    uniqueIndex("detection_events_session_seq_unique").on(t.sessionId, t.seq),
    index("detection_events_session_time_idx").on(t.sessionId, t.videoTimeUs),
    check("detection_events_seq_check", sql`${t.seq} >= 0`),
    check("detection_events_edge_check", sql`${t.edge} in ('rising', 'falling')`),
    check("detection_events_confidence_check", sql`${t.confidence} is null or ${t.confidence} between 0 and 1`),
  ],
);
