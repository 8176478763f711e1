ALTER TABLE "rigs" DROP CONSTRAINT "rigs_status_check";--> statement-breakpoint
ALTER TABLE "evaluations" ALTER COLUMN "outcomes" DROP DEFAULT;--> statement-breakpoint
ALTER TABLE "workflow_tasks" DROP COLUMN "next_run_at";--> statement-breakpoint
ALTER TABLE "workflow_tasks" DROP COLUMN "lease_expires_at";--> statement-breakpoint
ALTER TABLE "rigs" ADD CONSTRAINT "rigs_status_check" CHECK ("rigs"."status" in ('offline', 'online', 'disabled'));