/** What a rig is sent with an offer: the session, its video (to fetch by sha256) and, for the simulated camera, the ground truth. */
import { asc, eq } from "drizzle-orm";
import { groundTruthEvents, testSessions, videos } from "@/db/schema";
import type { SessionAssignment } from "@/lib/rig-protocol";
import { getDb } from "@/server/runtime/slot";

export async function sessionAssignment(sessionId: string): Promise<SessionAssignment | null> {
  const [row] = await getDb()
    .select({ session: testSessions, video: videos })
    .from(testSessions)
    .innerJoin(videos, eq(videos.id, testSessions.videoId))
    .where(eq(testSessions.id, sessionId));
  if (!row?.session.workflowId) return null;
  const truth = await getDb()
    .select({
      onsetUs: groundTruthEvents.onsetUs,
      offsetUs: groundTruthEvents.offsetUs,
      class: groundTruthEvents.class,
    })
    .from(groundTruthEvents)
    .where(eq(groundTruthEvents.videoId, row.video.id))
    .orderBy(asc(groundTruthEvents.onsetUs));
  return {
    sessionId,
    workflowId: row.session.workflowId,
    video: {
      id: row.video.id,
      fileName: row.video.fileName,
      sha256: row.video.sha256,
      durationMs: row.video.durationMs,
      url: `/api/rig/videos/${row.video.id}`,
    },
    groundTruth: truth,
  };
}
