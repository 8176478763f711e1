/**
 * The history of every change to what a verdict depends on (DESIGN §11): thresholds, criteria,
 * judging, project settings, video tags and assignment, ground truth and its review, rigs and
 * their tokens, users' roles. Written in the same transaction as the change; append-only — the
 * database refuses UPDATE, DELETE and TRUNCATE on it (migration 0019). No foreign keys: a row
 * outlives what it names, and a cascade would be an update the table refuses.
 */
import { sql } from "drizzle-orm";
import { bigserial, index, jsonb, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";

export const historySubjects = ["project", "video", "rig", "user"] as const;

export const changeHistory = pgTable(
  "change_history",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
    /** Who: the user's id and email as they were (null: Sightline itself, or the command line). */
    actorId: text("actor_id"),
    actor: text("actor").notNull(),
    subjectType: text("subject_type", { enum: historySubjects }).notNull(),
    subjectId: text("subject_id").notNull(),
    /** The project a change belongs to, where it belongs to one (a video's assignment, a project's settings). */
    projectId: uuid("project_id"),
    /** What changed, in a few words ("pass/fail criteria", "ground-truth event added", "role"). */
    change: text("change").notNull(),
    before: jsonb("before").$type<unknown>(),
    after: jsonb("after").$type<unknown>(),
  },
  (t) => [
    index("change_history_subject_idx").on(t.subjectType, t.subjectId, t.id),
    index("change_history_project_idx").on(t.projectId, t.id).where(sql`${t.projectId} is not null`),
  ],
);
