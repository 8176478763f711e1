ALTER TABLE "projects" ADD COLUMN "required_test_cases" text[] DEFAULT '{}' NOT NULL;--> statement-breakpoint
ALTER TABLE "ground_truth_events" ADD COLUMN "not_before_us" bigint;--> statement-breakpoint
ALTER TABLE "ground_truth_events" ADD COLUMN "deadline_us" bigint;--> statement-breakpoint
ALTER TABLE "ground_truth_events" ADD CONSTRAINT "ground_truth_events_window_check" CHECK ("ground_truth_events"."not_before_us" is null or "ground_truth_events"."deadline_us" is null or "ground_truth_events"."deadline_us" >= "ground_truth_events"."not_before_us");