/** Rows the benchmarks need that have no service yet (a video in the library). */
import { randomUUID } from "node:crypto";
import { getDb } from "@/db/client";
import { videos } from "@/db/schema";

export async function makeVideoRow() {
  const id = randomUUID();
  const [video] = await getDb()
    .insert(videos)
    .values({
      fileName: `bench-${id.slice(0, 8)}.mp4`,
      storageKey: `bench/${id}`,
      sha256: id.replaceAll("-", "").padEnd(64, "0"),
      sizeBytes: 1,
      durationMs: 3_600_000,
      tags: { cameraView: "front" },
    })
    .returning();
  if (!video) throw new Error("insert returned no row");
  return video;
}
