/** One video of the library, with the names of who last changed and who reviewed its ground truth. */
import { eq } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { users, videos } from "@/db/schema";
import { getDb } from "@/server/runtime/slot";
import { DomainError } from "../../errors";

const editor = alias(users, "editor");
const reviewer = alias(users, "reviewer");

export async function getVideo(id: string) {
  const [row] = await getDb()
    .select({ video: videos, editedByName: editor.name, reviewedByName: reviewer.name })
    .from(videos)
    .leftJoin(editor, eq(editor.id, videos.groundTruthEditedBy))
    .leftJoin(reviewer, eq(reviewer.id, videos.groundTruthReviewedBy))
    .where(eq(videos.id, id));
  if (!row) throw new DomainError("NOT_FOUND", `No video with id ${id}: it may have been deleted.`);
  return { ...row.video, groundTruthEditedByName: row.editedByName, groundTruthReviewedByName: row.reviewedByName };
}
