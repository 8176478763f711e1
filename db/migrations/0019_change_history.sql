CREATE TABLE "change_history" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"actor_id" text,
	"actor" text NOT NULL,
	"subject_type" text NOT NULL,
	"subject_id" text NOT NULL,
	"project_id" uuid,
	"change" text NOT NULL,
	"before" jsonb,
	"after" jsonb
);
--> statement-breakpoint
ALTER TABLE "evaluation_inputs" ADD COLUMN "history_id" bigint;--> statement-breakpoint
CREATE INDEX "change_history_subject_idx" ON "change_history" USING btree ("subject_type","subject_id","id");--> statement-breakpoint
CREATE INDEX "change_history_project_idx" ON "change_history" USING btree ("project_id","id") WHERE "change_history"."project_id" is not null;