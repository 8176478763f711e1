ALTER TABLE "rigs" ADD COLUMN "agent_session_id" uuid;--> statement-breakpoint
ALTER TABLE "rigs" ADD COLUMN "agent_phase" text;--> statement-breakpoint
ALTER TABLE "rigs" ADD COLUMN "agent_phase_since" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "test_sessions" ADD COLUMN "attempt" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "test_sessions" ADD COLUMN "offered_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "test_sessions" ADD COLUMN "position_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "workflow_tasks" ADD COLUMN "worker_id" text;--> statement-breakpoint
-- Earlier rows kept the attempt in metadata, and rig losses as failed sessions with an
-- "interrupted:" error. Two sessions of one video and attempt (a double insert) become distinct
-- attempts, so that the unique index below can be built.
UPDATE "test_sessions" SET "attempt" = GREATEST(1, COALESCE(("metadata"->>'attempt')::int, 1)) WHERE "metadata" ? 'attempt';--> statement-breakpoint
UPDATE "test_sessions" SET "status" = 'interrupted' WHERE "status" = 'failed' AND "error" LIKE 'interrupted:%';--> statement-breakpoint
UPDATE "test_sessions" AS s SET "attempt" = d."renumbered"
FROM (
  SELECT "id", "attempt" + 1000 * (ROW_NUMBER() OVER (PARTITION BY "workflow_id", "video_id", "attempt" ORDER BY "created_at", "id") - 1) AS "renumbered"
  FROM "test_sessions" WHERE "metadata"->>'source' = 'rig'
) AS d
WHERE s."id" = d."id" AND s."attempt" <> d."renumbered";--> statement-breakpoint
CREATE UNIQUE INDEX "test_sessions_run_video_attempt_unique" ON "test_sessions" USING btree ("workflow_id","video_id","attempt") WHERE "test_sessions"."metadata"->>'source' = 'rig';--> statement-breakpoint
CREATE INDEX "test_sessions_open_idx" ON "test_sessions" USING btree ("status") WHERE "test_sessions"."status" in ('pending', 'running');