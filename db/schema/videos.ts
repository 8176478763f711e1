/**
 * Annotated videos and their ground truth. Every stored time is an integer number of
 * microseconds relative to the start of the video.
 */
import { sql } from "drizzle-orm";
import {
  bigint,
  boolean,
  check,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { users } from "./auth";
import { projects } from "./projects";

/**
 * none: no events yet; draft: events that nobody but their editor has checked; reviewed: a second
 * engineer has checked them. Any change to the events makes them a draft again.
 */
export const groundTruthStatuses = ["none", "draft", "reviewed"] as const;
export const groundTruthSources = ["imported", "annotated", "generated"] as const;

/** Descriptive tags used to pick videos for a project and to report coverage. */
export type VideoTags = {
  cameraView?: string;
  scenario?: string;
  lighting?: string;
  weather?: string;
  vruClasses?: string[];
  [key: string]: unknown;
};

export const videos = pgTable(
  "videos",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    fileName: text("file_name").notNull(),
    storageKey: text("storage_key").notNull().unique(),
    sha256: text("sha256").notNull(),
    sizeBytes: bigint("size_bytes", { mode: "number" }).notNull(),
    durationMs: integer("duration_ms"),
    fps: doublePrecision("fps"),
    width: integer("width"),
    height: integer("height"),
    tags: jsonb("tags").$type<VideoTags>().notNull().default({}),
    /**
     * The time base read from every frame's timestamp (lib/analysis/time-base.ts): frames, the
     * first frame's time, a variable frame rate, and what is amiss in words (empty: nothing);
     * null: not read (uploaded before Sightline read frame times, or unreadable).
     */
    frameCount: integer("frame_count"),
    startTimeUs: bigint("start_time_us", { mode: "number" }),
    variableFrameRate: boolean("variable_frame_rate"),
    timeBaseIssues: text("time_base_issues").array(),
    groundTruthStatus: text("ground_truth_status", { enum: groundTruthStatuses }).notNull().default("none"),
    /** Who last changed the events (import or annotation): they cannot also review them. */
    groundTruthEditedBy: text("ground_truth_edited_by").references(() => users.id, { onDelete: "set null" }),
    groundTruthReviewedBy: text("ground_truth_reviewed_by").references(() => users.id, { onDelete: "set null" }),
    groundTruthReviewedAt: timestamp("ground_truth_reviewed_at", { withTimezone: true }),
    uploadedBy: text("uploaded_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("videos_sha256_unique").on(t.sha256),
    check("videos_size_check", sql`${t.sizeBytes} >= 0`),
    check("videos_duration_check", sql`${t.durationMs} is null or ${t.durationMs} >= 0`),
    check("videos_fps_check", sql`${t.fps} is null or ${t.fps} > 0`),
    check("videos_ground_truth_status_check", sql`${t.groundTruthStatus} in ('none', 'draft', 'reviewed')`),
    index("videos_ground_truth_status_idx").on(t.groundTruthStatus),
  ],
);

export const groundTruthEvents = pgTable(
  "ground_truth_events",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    videoId: uuid("video_id")
      .notNull()
      .references(() => videos.id, { onDelete: "cascade" }),
    class: text("class").notNull(),
    onsetUs: bigint("onset_us", { mode: "number" }).notNull(),
    offsetUs: bigint("offset_us", { mode: "number" }).notNull(),
    trackId: text("track_id"),
    zone: text("zone"),
    bbox: jsonb("bbox").$type<{ x: number; y: number; width: number; height: number }>(),
    /**
     * The event's own window (DESIGN §13; e.g. UN R151's line D and last point of information):
     * where set, each replaces the project's bound for this event. Null: the project's window.
     */
    notBeforeUs: bigint("not_before_us", { mode: "number" }),
    deadlineUs: bigint("deadline_us", { mode: "number" }),
    source: text("source", { enum: groundTruthSources }).notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("ground_truth_events_video_onset_idx").on(t.videoId, t.onsetUs),
    check("ground_truth_events_time_check", sql`${t.onsetUs} >= 0 and ${t.offsetUs} >= ${t.onsetUs}`),
    check(
      "ground_truth_events_window_check",
      sql`${t.notBeforeUs} is null or ${t.deadlineUs} is null or ${t.deadlineUs} >= ${t.notBeforeUs}`,
    ),
  ],
);

export const projectVideos = pgTable(
  "project_videos",
  {
    projectId: uuid("project_id")
      .notNull()
      .references(() => projects.id, { onDelete: "cascade" }),
    videoId: uuid("video_id")
      .notNull()
      .references(() => videos.id, { onDelete: "restrict" }),
    score: doublePrecision("score").notNull().default(1),
    reason: text("reason").notNull().default(""),
    assignedAt: timestamp("assigned_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.projectId, t.videoId] }),
    index("project_videos_video_idx").on(t.videoId),
    check("project_videos_score_check", sql`${t.score} between 0 and 1`),
  ],
);

/** Every frame's presentation time (µs, as in the file, sorted), for videos whose time base was read. */
export const videoFrameTimes = pgTable("video_frame_times", {
  videoId: uuid("video_id")
    .primaryKey()
    .references(() => videos.id, { onDelete: "cascade" }),
  framesUs: bigint("frames_us", { mode: "number" }).array().notNull(),
});
