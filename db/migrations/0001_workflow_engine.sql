ALTER TABLE "workflow_tasks" ADD COLUMN "position" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "workflow_tasks" ADD COLUMN "weight" double precision DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "workflow_tasks" ADD COLUMN "component" text;--> statement-breakpoint
ALTER TABLE "workflow_tasks" ADD COLUMN "queued_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "workflow_tasks" ADD COLUMN "retry_backoff_seconds" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "workflow_tasks" ADD COLUMN "retry_max_backoff_seconds" integer DEFAULT 60 NOT NULL;--> statement-breakpoint
ALTER TABLE "workflows" ADD COLUMN "control" text DEFAULT 'idle' NOT NULL;--> statement-breakpoint
ALTER TABLE "workflows" ADD CONSTRAINT "workflows_control_check" CHECK ("workflows"."control" in ('idle', 'running', 'paused', 'cancelled'));