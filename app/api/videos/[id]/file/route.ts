/** Video playback for signed-in users, with range requests so the browser can seek. */
import { Readable } from "node:stream";
import { eq } from "drizzle-orm";
import { videos } from "@/db/schema";
import { getSessionUser } from "@/server/auth/session";
import { DomainError, errorResponse } from "@/server/errors";
import { isUuid } from "@/server/ids";
import { getDb } from "@/server/runtime/slot";
import { videoStore } from "@/server/storage/video-store";

const types: Record<string, string> = {
  ".mp4": "video/mp4",
  ".m4v": "video/mp4",
  ".mov": "video/quicktime",
  ".webm": "video/webm",
  ".mkv": "video/x-matroska",
  ".avi": "video/x-msvideo",
};

export async function GET(req: Request, { params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  try {
    if (!(await getSessionUser(req.headers))) throw new DomainError("UNAUTHORIZED", "Sign in to play videos.");
    if (!isUuid(id)) throw new DomainError("NOT_FOUND", `No video with id ${id}`);
    const [video] = await getDb().select().from(videos).where(eq(videos.id, id));
    if (!video) throw new DomainError("NOT_FOUND", `No video with id ${id}`);
    const store = videoStore();
    const size = await store.size(video.storageKey);
    if (size === null) throw new DomainError("NOT_FOUND", `The file of ${video.fileName} is not in storage.`);
    const type =
      types[video.storageKey.slice(video.storageKey.lastIndexOf(".")).toLowerCase()] ?? "application/octet-stream";
    const range = /^bytes=(\d*)-(\d*)$/.exec(req.headers.get("range") ?? "");
    if (range && (range[1] || range[2])) {
      const start = range[1] ? Number(range[1]) : Math.max(0, size - Number(range[2]));
      const end = range[1] && range[2] ? Math.min(Number(range[2]), size - 1) : size - 1;
      if (start >= size || start > end) {
        return new Response(null, { status: 416, headers: { "content-range": `bytes */${size}` } });
      }
      return new Response(Readable.toWeb(store.read(video.storageKey, { start, end }) as Readable) as ReadableStream, {
        status: 206,
        headers: {
          "content-type": type,
          "content-length": String(end - start + 1),
          "content-range": `bytes ${start}-${end}/${size}`,
          "accept-ranges": "bytes",
        },
      });
    }
    return new Response(Readable.toWeb(store.read(video.storageKey) as Readable) as ReadableStream, {
      headers: { "content-type": type, "content-length": String(size), "accept-ranges": "bytes" },
    });
  } catch (error) {
    return errorResponse(error);
  }
}
