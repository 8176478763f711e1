ALTER TABLE "videos" ALTER COLUMN "ground_truth_status" SET DEFAULT 'none';--> statement-breakpoint
ALTER TABLE "projects" ADD COLUMN "required_vru_classes" text[] DEFAULT '{pedestrian,cyclist}' NOT NULL;--> statement-breakpoint
ALTER TABLE "projects" ADD COLUMN "required_scenarios" text[] DEFAULT '{}' NOT NULL;--> statement-breakpoint
ALTER TABLE "projects" ADD COLUMN "allow_draft_ground_truth" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "videos" ADD COLUMN "ground_truth_edited_by" text;--> statement-breakpoint
ALTER TABLE "videos" ADD COLUMN "ground_truth_reviewed_by" text;--> statement-breakpoint
ALTER TABLE "videos" ADD COLUMN "ground_truth_reviewed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "videos" ADD CONSTRAINT "videos_ground_truth_edited_by_users_id_fk" FOREIGN KEY ("ground_truth_edited_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "videos" ADD CONSTRAINT "videos_ground_truth_reviewed_by_users_id_fk" FOREIGN KEY ("ground_truth_reviewed_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
-- Earlier statuses: nothing → none; imported/annotated/generated (never reviewed) → draft; verified → reviewed.
UPDATE "videos" SET "ground_truth_status" = CASE "ground_truth_status" WHEN 'missing' THEN 'none' WHEN 'verified' THEN 'reviewed' ELSE 'draft' END;--> statement-breakpoint
CREATE INDEX "videos_ground_truth_status_idx" ON "videos" USING btree ("ground_truth_status");--> statement-breakpoint
ALTER TABLE "videos" ADD CONSTRAINT "videos_ground_truth_status_check" CHECK ("videos"."ground_truth_status" in ('none', 'draft', 'reviewed'));