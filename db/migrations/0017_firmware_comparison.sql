ALTER TABLE "projects" ADD COLUMN "require_firmware" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "projects" ADD COLUMN "max_recall_drop" double precision DEFAULT 0.05 NOT NULL;--> statement-breakpoint
ALTER TABLE "projects" ADD COLUMN "max_p95_increase_ms" double precision DEFAULT 20;--> statement-breakpoint
ALTER TABLE "workflows" ADD COLUMN "software_id" text;--> statement-breakpoint
ALTER TABLE "workflows" ADD COLUMN "software_notes" text;--> statement-breakpoint
ALTER TABLE "projects" ADD CONSTRAINT "projects_max_recall_drop_check" CHECK ("projects"."max_recall_drop" >= 0 and "projects"."max_recall_drop" <= 1);--> statement-breakpoint
ALTER TABLE "projects" ADD CONSTRAINT "projects_max_p95_increase_check" CHECK ("projects"."max_p95_increase_ms" is null or ("projects"."max_p95_increase_ms" >= 0 and "projects"."max_p95_increase_ms" <= 3600000));