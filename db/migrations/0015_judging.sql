ALTER TABLE "evaluations" ADD COLUMN "intervals" jsonb;--> statement-breakpoint
ALTER TABLE "evaluations" ADD COLUMN "bounds" jsonb;--> statement-breakpoint
ALTER TABLE "projects" ADD COLUMN "confidence_level" double precision DEFAULT 0.95 NOT NULL;--> statement-breakpoint
ALTER TABLE "projects" ADD COLUMN "interval_method" text DEFAULT 'wilson' NOT NULL;--> statement-breakpoint
ALTER TABLE "projects" ADD COLUMN "decision_rule" text DEFAULT 'bound' NOT NULL;--> statement-breakpoint
ALTER TABLE "projects" ADD COLUMN "verdict_scope" text DEFAULT 'every_video' NOT NULL;--> statement-breakpoint
ALTER TABLE "workflows" ADD COLUMN "recall_lower_bound" double precision;--> statement-breakpoint
ALTER TABLE "workflows" ADD COLUMN "decision_rule" text;--> statement-breakpoint
ALTER TABLE "projects" ADD CONSTRAINT "projects_confidence_level_check" CHECK ("projects"."confidence_level" >= 0.5 and "projects"."confidence_level" <= 0.9999);--> statement-breakpoint
ALTER TABLE "projects" ADD CONSTRAINT "projects_interval_method_check" CHECK ("projects"."interval_method" in ('wilson', 'clopper-pearson'));--> statement-breakpoint
ALTER TABLE "projects" ADD CONSTRAINT "projects_decision_rule_check" CHECK ("projects"."decision_rule" in ('point', 'bound'));--> statement-breakpoint
ALTER TABLE "projects" ADD CONSTRAINT "projects_verdict_scope_check" CHECK ("projects"."verdict_scope" in ('aggregate', 'every_video'));