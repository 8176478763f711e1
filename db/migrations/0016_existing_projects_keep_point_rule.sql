-- Projects made before judging was a setting keep the verdicts they had: the estimate judged
-- against the limit (`point`). New projects take the column default, `bound`.
UPDATE "projects" SET "decision_rule" = 'point' WHERE "created_at" < now();
