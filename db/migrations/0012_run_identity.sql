ALTER TABLE "workflows" ADD COLUMN "name" text;--> statement-breakpoint
ALTER TABLE "workflows" ADD COLUMN "firmware_version" text;--> statement-breakpoint
ALTER TABLE "workflows" ADD COLUMN "dry_run" boolean DEFAULT false NOT NULL;--> statement-breakpoint
CREATE INDEX "workflows_created_idx" ON "workflows" USING btree ("created_at" DESC NULLS LAST);--> statement-breakpoint
-- Runs made before this column: those that asked for simulated playback were dry runs.
UPDATE "workflows" SET "dry_run" = true WHERE jsonb_typeof("parameters"->'dryRunSeconds') = 'number' AND ("parameters"->>'dryRunSeconds')::float8 > 0;
