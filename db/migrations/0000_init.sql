CREATE TABLE "accounts" (
	"id" text PRIMARY KEY NOT NULL,
	"account_id" text NOT NULL,
	"provider_id" text NOT NULL,
	"user_id" text NOT NULL,
	"access_token" text,
	"refresh_token" text,
	"id_token" text,
	"access_token_expires_at" timestamp with time zone,
	"refresh_token_expires_at" timestamp with time zone,
	"scope" text,
	"password" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sessions" (
	"id" text PRIMARY KEY NOT NULL,
	"token" text NOT NULL,
	"user_id" text NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"ip_address" text,
	"user_agent" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "sessions_token_unique" UNIQUE("token")
);
--> statement-breakpoint
CREATE TABLE "users" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"email" text NOT NULL,
	"email_verified" boolean DEFAULT false NOT NULL,
	"image" text,
	"role" text DEFAULT 'viewer' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "users_role_check" CHECK ("users"."role" in ('admin', 'engineer', 'viewer'))
);
--> statement-breakpoint
CREATE TABLE "verifications" (
	"id" text PRIMARY KEY NOT NULL,
	"identifier" text NOT NULL,
	"value" text NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "evaluations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workflow_id" uuid,
	"session_id" uuid,
	"scope" text NOT NULL,
	"settings" jsonb NOT NULL,
	"counts" jsonb NOT NULL,
	"metrics" jsonb NOT NULL,
	"latency" jsonb NOT NULL,
	"per_class" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"criteria" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"verdict" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "evaluations_scope_check" CHECK (("evaluations"."scope" = 'session' and "evaluations"."session_id" is not null) or ("evaluations"."scope" = 'workflow' and "evaluations"."workflow_id" is not null))
);
--> statement-breakpoint
CREATE TABLE "latency_thresholds" (
	"project_id" uuid PRIMARY KEY NOT NULL,
	"detection_latency_ms" double precision NOT NULL,
	"processing_latency_ms" double precision NOT NULL,
	"end_to_end_latency_ms" double precision NOT NULL,
	"signal_processing_latency_ms" double precision NOT NULL,
	"warning_threshold_ms" double precision NOT NULL,
	"critical_threshold_ms" double precision NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "latency_thresholds_range_check" CHECK ("latency_thresholds"."detection_latency_ms" > 0 and "latency_thresholds"."detection_latency_ms" <= 3600000
        and "latency_thresholds"."processing_latency_ms" > 0 and "latency_thresholds"."processing_latency_ms" <= 3600000
        and "latency_thresholds"."end_to_end_latency_ms" > 0 and "latency_thresholds"."end_to_end_latency_ms" <= 3600000
        and "latency_thresholds"."signal_processing_latency_ms" > 0 and "latency_thresholds"."signal_processing_latency_ms" <= 3600000
        and "latency_thresholds"."warning_threshold_ms" > 0 and "latency_thresholds"."warning_threshold_ms" <= 3600000
        and "latency_thresholds"."critical_threshold_ms" > 0 and "latency_thresholds"."critical_threshold_ms" <= 3600000),
	CONSTRAINT "latency_thresholds_warning_le_critical" CHECK ("latency_thresholds"."warning_threshold_ms" <= "latency_thresholds"."critical_threshold_ms")
);
--> statement-breakpoint
CREATE TABLE "pass_fail_criteria" (
	"project_id" uuid PRIMARY KEY NOT NULL,
	"min_precision" double precision NOT NULL,
	"min_precision_enabled" boolean DEFAULT true NOT NULL,
	"min_recall" double precision NOT NULL,
	"min_recall_enabled" boolean DEFAULT true NOT NULL,
	"min_f1_score" double precision NOT NULL,
	"min_f1_score_enabled" boolean DEFAULT true NOT NULL,
	"max_latency_ms" double precision NOT NULL,
	"max_latency_statistic" text DEFAULT 'p95' NOT NULL,
	"max_latency_ms_enabled" boolean DEFAULT true NOT NULL,
	"max_false_positive_rate" double precision NOT NULL,
	"max_false_positive_rate_enabled" boolean DEFAULT true NOT NULL,
	"min_detection_confidence" double precision NOT NULL,
	"min_detection_confidence_enabled" boolean DEFAULT true NOT NULL,
	"min_accuracy" double precision NOT NULL,
	"min_accuracy_enabled" boolean DEFAULT true NOT NULL,
	"min_detection_count" integer NOT NULL,
	"min_detection_count_enabled" boolean DEFAULT true NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "pass_fail_criteria_ratio_check" CHECK ("pass_fail_criteria"."min_precision" between 0 and 1 and "pass_fail_criteria"."min_recall" between 0 and 1
        and "pass_fail_criteria"."min_f1_score" between 0 and 1 and "pass_fail_criteria"."max_false_positive_rate" between 0 and 1
        and "pass_fail_criteria"."min_detection_confidence" between 0 and 1 and "pass_fail_criteria"."min_accuracy" between 0 and 1),
	CONSTRAINT "pass_fail_criteria_latency_check" CHECK ("pass_fail_criteria"."max_latency_ms" > 0 and "pass_fail_criteria"."max_latency_ms" <= 3600000),
	CONSTRAINT "pass_fail_criteria_count_check" CHECK ("pass_fail_criteria"."min_detection_count" >= 0),
	CONSTRAINT "pass_fail_criteria_statistic_check" CHECK ("pass_fail_criteria"."max_latency_statistic" in ('mean', 'p50', 'p95', 'p99', 'max'))
);
--> statement-breakpoint
CREATE TABLE "projects" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"camera_model" text DEFAULT '' NOT NULL,
	"camera_view" text NOT NULL,
	"signal_type" text NOT NULL,
	"status" text DEFAULT 'active' NOT NULL,
	"created_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"archived_at" timestamp with time zone,
	CONSTRAINT "projects_name_check" CHECK (length(btrim("projects"."name")) between 1 and 120),
	CONSTRAINT "projects_camera_view_check" CHECK ("projects"."camera_view" in ('front', 'rear', 'left', 'right')),
	CONSTRAINT "projects_signal_type_check" CHECK ("projects"."signal_type" in ('gpio', 'network', 'serial')),
	CONSTRAINT "projects_status_check" CHECK ("projects"."status" in ('active', 'archived'))
);
--> statement-breakpoint
CREATE TABLE "rigs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"token_hash" text NOT NULL,
	"capabilities" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"status" text DEFAULT 'offline' NOT NULL,
	"last_seen_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "rigs_status_check" CHECK ("rigs"."status" in ('offline', 'online', 'busy', 'disabled'))
);
--> statement-breakpoint
CREATE TABLE "detection_events" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "detection_events_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"session_id" uuid NOT NULL,
	"seq" bigint NOT NULL,
	"line" text NOT NULL,
	"edge" text NOT NULL,
	"video_time_us" bigint NOT NULL,
	"rig_monotonic_ns" bigint,
	"read_monotonic_ns" bigint,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	"class" text,
	"confidence" double precision,
	CONSTRAINT "detection_events_seq_check" CHECK ("detection_events"."seq" >= 0),
	CONSTRAINT "detection_events_edge_check" CHECK ("detection_events"."edge" in ('rising', 'falling')),
	CONSTRAINT "detection_events_confidence_check" CHECK ("detection_events"."confidence" is null or "detection_events"."confidence" between 0 and 1)
);
--> statement-breakpoint
CREATE TABLE "test_sessions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workflow_id" uuid,
	"video_id" uuid NOT NULL,
	"rig_id" uuid,
	"status" text DEFAULT 'pending' NOT NULL,
	"anchor_monotonic_ns" bigint,
	"anchor_source" text,
	"clock_offset_ns" bigint,
	"position_ms" integer DEFAULT 0 NOT NULL,
	"metadata" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"started_at" timestamp with time zone,
	"finished_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "ground_truth_events" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"video_id" uuid NOT NULL,
	"class" text NOT NULL,
	"onset_us" bigint NOT NULL,
	"offset_us" bigint NOT NULL,
	"track_id" text,
	"zone" text,
	"bbox" jsonb,
	"source" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "ground_truth_events_time_check" CHECK ("ground_truth_events"."onset_us" >= 0 and "ground_truth_events"."offset_us" >= "ground_truth_events"."onset_us")
);
--> statement-breakpoint
CREATE TABLE "project_videos" (
	"project_id" uuid NOT NULL,
	"video_id" uuid NOT NULL,
	"score" double precision DEFAULT 1 NOT NULL,
	"reason" text DEFAULT '' NOT NULL,
	"assigned_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "project_videos_project_id_video_id_pk" PRIMARY KEY("project_id","video_id"),
	CONSTRAINT "project_videos_score_check" CHECK ("project_videos"."score" between 0 and 1)
);
--> statement-breakpoint
CREATE TABLE "videos" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"file_name" text NOT NULL,
	"storage_key" text NOT NULL,
	"sha256" text NOT NULL,
	"size_bytes" bigint NOT NULL,
	"duration_ms" integer,
	"fps" double precision,
	"width" integer,
	"height" integer,
	"tags" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"ground_truth_status" text DEFAULT 'missing' NOT NULL,
	"uploaded_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "videos_storage_key_unique" UNIQUE("storage_key"),
	CONSTRAINT "videos_size_check" CHECK ("videos"."size_bytes" >= 0),
	CONSTRAINT "videos_duration_check" CHECK ("videos"."duration_ms" is null or "videos"."duration_ms" >= 0),
	CONSTRAINT "videos_fps_check" CHECK ("videos"."fps" is null or "videos"."fps" > 0)
);
--> statement-breakpoint
CREATE TABLE "workflow_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"workflow_id" uuid NOT NULL,
	"task_name" text,
	"from_state" text,
	"to_state" text NOT NULL,
	"reason" text DEFAULT '' NOT NULL,
	"actor_id" text,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "workflow_tasks" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workflow_id" uuid NOT NULL,
	"name" text NOT NULL,
	"phase" text NOT NULL,
	"depends_on" text[] DEFAULT '{}'::text[] NOT NULL,
	"critical" boolean DEFAULT false NOT NULL,
	"skippable" boolean DEFAULT false NOT NULL,
	"state" text DEFAULT 'pending' NOT NULL,
	"attempt" integer DEFAULT 0 NOT NULL,
	"max_attempts" integer DEFAULT 3 NOT NULL,
	"timeout_seconds" integer,
	"next_run_at" timestamp with time zone,
	"job_id" text,
	"lease_expires_at" timestamp with time zone,
	"heartbeat_at" timestamp with time zone,
	"progress" double precision DEFAULT 0 NOT NULL,
	"output" jsonb,
	"error" text,
	"started_at" timestamp with time zone,
	"finished_at" timestamp with time zone,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "workflow_tasks_attempt_check" CHECK ("workflow_tasks"."attempt" >= 0 and "workflow_tasks"."max_attempts" >= 1),
	CONSTRAINT "workflow_tasks_progress_check" CHECK ("workflow_tasks"."progress" between 0 and 100)
);
--> statement-breakpoint
CREATE TABLE "workflows" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"project_id" uuid NOT NULL,
	"state" text DEFAULT 'initialized' NOT NULL,
	"strategy" text DEFAULT 'adaptive' NOT NULL,
	"chosen_strategy" text,
	"complexity_score" double precision,
	"priority" text DEFAULT 'normal' NOT NULL,
	"max_concurrent_tasks" integer DEFAULT 4 NOT NULL,
	"timeout_seconds" integer,
	"retry_policy" jsonb,
	"parameters" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"progress" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"overall_progress" double precision DEFAULT 0 NOT NULL,
	"error" text,
	"created_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"started_at" timestamp with time zone,
	"finished_at" timestamp with time zone,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "workflows_max_concurrent_check" CHECK ("workflows"."max_concurrent_tasks" >= 1),
	CONSTRAINT "workflows_complexity_check" CHECK ("workflows"."complexity_score" is null or "workflows"."complexity_score" between 0 and 1),
	CONSTRAINT "workflows_progress_check" CHECK ("workflows"."overall_progress" between 0 and 100)
);
--> statement-breakpoint
ALTER TABLE "accounts" ADD CONSTRAINT "accounts_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sessions" ADD CONSTRAINT "sessions_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evaluations" ADD CONSTRAINT "evaluations_workflow_id_workflows_id_fk" FOREIGN KEY ("workflow_id") REFERENCES "public"."workflows"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evaluations" ADD CONSTRAINT "evaluations_session_id_test_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."test_sessions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "latency_thresholds" ADD CONSTRAINT "latency_thresholds_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pass_fail_criteria" ADD CONSTRAINT "pass_fail_criteria_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "projects" ADD CONSTRAINT "projects_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "detection_events" ADD CONSTRAINT "detection_events_session_id_test_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."test_sessions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "test_sessions" ADD CONSTRAINT "test_sessions_workflow_id_workflows_id_fk" FOREIGN KEY ("workflow_id") REFERENCES "public"."workflows"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "test_sessions" ADD CONSTRAINT "test_sessions_video_id_videos_id_fk" FOREIGN KEY ("video_id") REFERENCES "public"."videos"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "test_sessions" ADD CONSTRAINT "test_sessions_rig_id_rigs_id_fk" FOREIGN KEY ("rig_id") REFERENCES "public"."rigs"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ground_truth_events" ADD CONSTRAINT "ground_truth_events_video_id_videos_id_fk" FOREIGN KEY ("video_id") REFERENCES "public"."videos"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_videos" ADD CONSTRAINT "project_videos_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_videos" ADD CONSTRAINT "project_videos_video_id_videos_id_fk" FOREIGN KEY ("video_id") REFERENCES "public"."videos"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "videos" ADD CONSTRAINT "videos_uploaded_by_users_id_fk" FOREIGN KEY ("uploaded_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "workflow_events" ADD CONSTRAINT "workflow_events_workflow_id_workflows_id_fk" FOREIGN KEY ("workflow_id") REFERENCES "public"."workflows"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "workflow_events" ADD CONSTRAINT "workflow_events_actor_id_users_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "workflow_tasks" ADD CONSTRAINT "workflow_tasks_workflow_id_workflows_id_fk" FOREIGN KEY ("workflow_id") REFERENCES "public"."workflows"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "workflows" ADD CONSTRAINT "workflows_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "workflows" ADD CONSTRAINT "workflows_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "accounts_user_id_idx" ON "accounts" USING btree ("user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "accounts_provider_account_unique" ON "accounts" USING btree ("provider_id","account_id");--> statement-breakpoint
CREATE INDEX "sessions_user_id_idx" ON "sessions" USING btree ("user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "users_email_unique" ON "users" USING btree (lower("email"));--> statement-breakpoint
CREATE INDEX "verifications_identifier_idx" ON "verifications" USING btree ("identifier");--> statement-breakpoint
CREATE INDEX "evaluations_workflow_idx" ON "evaluations" USING btree ("workflow_id");--> statement-breakpoint
CREATE INDEX "evaluations_session_idx" ON "evaluations" USING btree ("session_id");--> statement-breakpoint
CREATE UNIQUE INDEX "projects_name_unique" ON "projects" USING btree (lower(btrim("name")));--> statement-breakpoint
CREATE INDEX "projects_status_idx" ON "projects" USING btree ("status");--> statement-breakpoint
CREATE UNIQUE INDEX "rigs_name_unique" ON "rigs" USING btree (lower("name"));--> statement-breakpoint
CREATE UNIQUE INDEX "rigs_token_hash_unique" ON "rigs" USING btree ("token_hash");--> statement-breakpoint
CREATE UNIQUE INDEX "detection_events_session_seq_unique" ON "detection_events" USING btree ("session_id","seq");--> statement-breakpoint
CREATE INDEX "detection_events_session_time_idx" ON "detection_events" USING btree ("session_id","video_time_us");--> statement-breakpoint
CREATE INDEX "test_sessions_workflow_idx" ON "test_sessions" USING btree ("workflow_id");--> statement-breakpoint
CREATE INDEX "test_sessions_rig_idx" ON "test_sessions" USING btree ("rig_id");--> statement-breakpoint
CREATE INDEX "ground_truth_events_video_onset_idx" ON "ground_truth_events" USING btree ("video_id","onset_us");--> statement-breakpoint
CREATE INDEX "project_videos_video_idx" ON "project_videos" USING btree ("video_id");--> statement-breakpoint
CREATE UNIQUE INDEX "videos_sha256_unique" ON "videos" USING btree ("sha256");--> statement-breakpoint
CREATE INDEX "workflow_events_workflow_idx" ON "workflow_events" USING btree ("workflow_id","id");--> statement-breakpoint
CREATE UNIQUE INDEX "workflow_tasks_name_unique" ON "workflow_tasks" USING btree ("workflow_id","name");--> statement-breakpoint
CREATE INDEX "workflow_tasks_state_idx" ON "workflow_tasks" USING btree ("workflow_id","state");--> statement-breakpoint
CREATE INDEX "workflows_project_idx" ON "workflows" USING btree ("project_id");--> statement-breakpoint
CREATE INDEX "workflows_state_idx" ON "workflows" USING btree ("state");