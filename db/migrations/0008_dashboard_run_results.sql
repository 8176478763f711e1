ALTER TABLE "workflows" ADD COLUMN "verdict" text;--> statement-breakpoint
ALTER TABLE "workflows" ADD COLUMN "p95_latency_ms" double precision;--> statement-breakpoint
CREATE INDEX "evaluations_workflow_latest_idx" ON "evaluations" USING btree ("workflow_id","created_at" DESC NULLS LAST) WHERE "evaluations"."scope" = 'workflow';--> statement-breakpoint
CREATE INDEX "workflows_project_finished_idx" ON "workflows" USING btree ("project_id","finished_at" DESC NULLS LAST) WHERE "workflows"."state" = 'completed';--> statement-breakpoint
CREATE INDEX "workflows_finished_idx" ON "workflows" USING btree ("finished_at") WHERE "workflows"."state" = 'completed';--> statement-breakpoint
CREATE INDEX "workflows_active_idx" ON "workflows" USING btree ("project_id") WHERE "workflows"."state" not in ('completed', 'failed', 'cancelled');--> statement-breakpoint
-- Runs analysed before this change: their current result is their newest workflow-scope evaluation.
UPDATE "workflows" AS w SET "verdict" = e."verdict", "p95_latency_ms" = (e."latency"->>'p95')::float8
FROM (
  SELECT DISTINCT ON ("workflow_id") "workflow_id", "verdict", "latency"
  FROM "evaluations" WHERE "scope" = 'workflow'
  ORDER BY "workflow_id", "created_at" DESC
) AS e
WHERE e."workflow_id" = w."id";
