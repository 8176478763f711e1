CREATE TABLE "evaluation_inputs" (
	"evaluation_id" uuid PRIMARY KEY NOT NULL,
	"config" jsonb NOT NULL,
	"config_digest" text NOT NULL,
	"ground_truth" jsonb NOT NULL,
	"ground_truth_digest" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "evaluation_inputs" ADD CONSTRAINT "evaluation_inputs_evaluation_id_evaluations_id_fk" FOREIGN KEY ("evaluation_id") REFERENCES "public"."evaluations"("id") ON DELETE cascade ON UPDATE no action;