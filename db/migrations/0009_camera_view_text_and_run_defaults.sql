ALTER TABLE "projects" DROP CONSTRAINT "projects_camera_view_check";--> statement-breakpoint
ALTER TABLE "projects" ADD COLUMN "default_strategy" text DEFAULT 'adaptive' NOT NULL;--> statement-breakpoint
ALTER TABLE "projects" ADD COLUMN "default_priority" text DEFAULT 'normal' NOT NULL;--> statement-breakpoint
ALTER TABLE "projects" ADD COLUMN "default_max_concurrent_tasks" integer DEFAULT 4 NOT NULL;--> statement-breakpoint
ALTER TABLE "projects" ADD CONSTRAINT "projects_default_strategy_check" CHECK ("projects"."default_strategy" in ('sequential', 'parallel', 'hybrid', 'adaptive'));--> statement-breakpoint
ALTER TABLE "projects" ADD CONSTRAINT "projects_default_priority_check" CHECK ("projects"."default_priority" in ('low', 'normal', 'high', 'critical'));--> statement-breakpoint
ALTER TABLE "projects" ADD CONSTRAINT "projects_default_concurrency_check" CHECK ("projects"."default_max_concurrent_tasks" between 1 and 32);--> statement-breakpoint
ALTER TABLE "projects" ADD CONSTRAINT "projects_camera_view_check" CHECK (length(btrim("projects"."camera_view")) between 1 and 60);