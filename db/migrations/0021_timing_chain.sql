CREATE TABLE "calibration_edges" (
	"calibration_id" uuid NOT NULL,
	"seq" integer NOT NULL,
	"line" text NOT NULL,
	"edge" text NOT NULL,
	"video_time_us" bigint NOT NULL,
	"rig_monotonic_ns" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "rig_calibrations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"rig_id" uuid NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"signal" text NOT NULL,
	"flashes" integer NOT NULL,
	"fps" integer NOT NULL,
	"seed" integer NOT NULL,
	"player_notes" text DEFAULT '' NOT NULL,
	"monitor_notes" text DEFAULT '' NOT NULL,
	"player" text,
	"requested_by" text,
	"offered_at" timestamp with time zone,
	"anchor_monotonic_ns" bigint,
	"anchor_source" text,
	"position_ms" integer DEFAULT 0 NOT NULL,
	"position_at" timestamp with time zone,
	"result" jsonb,
	"error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"started_at" timestamp with time zone,
	"finished_at" timestamp with time zone,
	CONSTRAINT "rig_calibrations_status_check" CHECK ("rig_calibrations"."status" in ('pending', 'running', 'completed', 'failed')),
	CONSTRAINT "rig_calibrations_signal_check" CHECK ("rig_calibrations"."signal" in ('sync', 'camera'))
);
--> statement-breakpoint
CREATE TABLE "video_frame_times" (
	"video_id" uuid PRIMARY KEY NOT NULL,
	"frames_us" bigint[] NOT NULL
);
--> statement-breakpoint
ALTER TABLE "evaluations" ADD COLUMN "raw_latency" jsonb;--> statement-breakpoint
ALTER TABLE "projects" ADD COLUMN "calibration_max_age_days" integer;--> statement-breakpoint
ALTER TABLE "projects" ADD COLUMN "calibration_max_sd_ms" double precision;--> statement-breakpoint
ALTER TABLE "projects" ADD COLUMN "calibration_rule" text DEFAULT 'warn' NOT NULL;--> statement-breakpoint
ALTER TABLE "projects" ADD COLUMN "max_clock_offset_change_ms" double precision DEFAULT 2 NOT NULL;--> statement-breakpoint
ALTER TABLE "test_sessions" ADD COLUMN "signal_source" text;--> statement-breakpoint
ALTER TABLE "test_sessions" ADD COLUMN "event_clock" text;--> statement-breakpoint
ALTER TABLE "test_sessions" ADD COLUMN "clock_samples" jsonb;--> statement-breakpoint
ALTER TABLE "videos" ADD COLUMN "frame_count" integer;--> statement-breakpoint
ALTER TABLE "videos" ADD COLUMN "start_time_us" bigint;--> statement-breakpoint
ALTER TABLE "videos" ADD COLUMN "variable_frame_rate" boolean;--> statement-breakpoint
ALTER TABLE "videos" ADD COLUMN "time_base_issues" text[];--> statement-breakpoint
ALTER TABLE "calibration_edges" ADD CONSTRAINT "calibration_edges_calibration_id_rig_calibrations_id_fk" FOREIGN KEY ("calibration_id") REFERENCES "public"."rig_calibrations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rig_calibrations" ADD CONSTRAINT "rig_calibrations_rig_id_rigs_id_fk" FOREIGN KEY ("rig_id") REFERENCES "public"."rigs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rig_calibrations" ADD CONSTRAINT "rig_calibrations_requested_by_users_id_fk" FOREIGN KEY ("requested_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "video_frame_times" ADD CONSTRAINT "video_frame_times_video_id_videos_id_fk" FOREIGN KEY ("video_id") REFERENCES "public"."videos"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "calibration_edges_seq_unique" ON "calibration_edges" USING btree ("calibration_id","seq");--> statement-breakpoint
CREATE INDEX "rig_calibrations_rig_idx" ON "rig_calibrations" USING btree ("rig_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "rig_calibrations_open_unique" ON "rig_calibrations" USING btree ("rig_id") WHERE "rig_calibrations"."status" in ('pending', 'running');--> statement-breakpoint
ALTER TABLE "projects" ADD CONSTRAINT "projects_calibration_rule_check" CHECK ("projects"."calibration_rule" in ('warn', 'refuse'));--> statement-breakpoint
ALTER TABLE "projects" ADD CONSTRAINT "projects_calibration_limits_check" CHECK (("projects"."calibration_max_age_days" is null or "projects"."calibration_max_age_days" between 1 and 3650)
        and ("projects"."calibration_max_sd_ms" is null or "projects"."calibration_max_sd_ms" between 0 and 1000)
        and "projects"."max_clock_offset_change_ms" > 0 and "projects"."max_clock_offset_change_ms" <= 10000);