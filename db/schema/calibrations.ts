/**
 * Display-latency calibrations of rigs (DESIGN §12): the rig plays the calibration video
 * (lib/calibration/flash-schedule.ts) while a photodiode on the patch — or the camera itself —
 * drives a line of its agent; the edges, paired with the flashes, give the rig's display latency.
 * A calibration is a session of its own, outside any run: offered to its rig by the dispatcher,
 * bounded in time like any session, never replayed (the engineer asks again).
 */
import { sql } from "drizzle-orm";
import { bigint, check, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import type { DisplayLatency } from "@/lib/calibration/display-latency";
import { calibrationSignals, calibrationStatuses } from "@/lib/states";
import { users } from "./auth";
import { rigs } from "./rigs";

export const rigCalibrations = pgTable(
  "rig_calibrations",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    rigId: uuid("rig_id")
      .notNull()
      .references(() => rigs.id, { onDelete: "cascade" }),
    status: text("status", { enum: calibrationStatuses }).notNull().default("pending"),
    /** `sync`: a photodiode on the agent's --sync-line; `camera`: the camera's own output sees the patch. */
    signal: text("signal", { enum: calibrationSignals }).notNull(),
    flashes: integer("flashes").notNull(),
    fps: integer("fps").notNull(),
    seed: integer("seed").notNull(),
    playerNotes: text("player_notes").notNull().default(""),
    monitorNotes: text("monitor_notes").notNull().default(""),
    /** The player and source the agent reported when it started. */
    player: text("player"),
    requestedBy: text("requested_by").references(() => users.id, { onDelete: "set null" }),
    offeredAt: timestamp("offered_at", { withTimezone: true }),
    anchorMonotonicNs: bigint("anchor_monotonic_ns", { mode: "bigint" }),
    anchorSource: text("anchor_source"),
    positionMs: integer("position_ms").notNull().default(0),
    positionAt: timestamp("position_at", { withTimezone: true }),
    result: jsonb("result").$type<DisplayLatency>(),
    error: text("error"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    startedAt: timestamp("started_at", { withTimezone: true }),
    finishedAt: timestamp("finished_at", { withTimezone: true }),
  },
  (t) => [
    index("rig_calibrations_rig_idx").on(t.rigId, t.createdAt),
    // One open calibration per rig.
    uniqueIndex("rig_calibrations_open_unique").on(t.rigId).where(sql`${t.status} in ('pending', 'running')`),
    check("rig_calibrations_status_check", sql`${t.status} in ('pending', 'running', 'completed', 'failed')`),
    check("rig_calibrations_signal_check", sql`${t.signal} in ('sync', 'camera')`),
  ],
);

export const calibrationEdges = pgTable(
  "calibration_edges",
  {
    calibrationId: uuid("calibration_id")
      .notNull()
      .references(() => rigCalibrations.id, { onDelete: "cascade" }),
    seq: integer("seq").notNull(),
    line: text("line").notNull(),
    edge: text("edge").notNull(),
    videoTimeUs: bigint("video_time_us", { mode: "number" }).notNull(),
    rigMonotonicNs: bigint("rig_monotonic_ns", { mode: "bigint" }).notNull(),
  },
  (t) => [uniqueIndex("calibration_edges_seq_unique").on(t.calibrationId, t.seq)],
);
