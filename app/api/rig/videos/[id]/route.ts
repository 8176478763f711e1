/** Video download for rig agents (DESIGN §6): the agent caches it by sha256. */
import { DomainError, errorResponse } from "@/server/errors";
import { isUuid } from "@/server/ids";
import { videoForRig } from "@/server/services/videos/video-for-rig";

export async function GET(req: Request, { params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  try {
    if (!isUuid(id)) throw new DomainError("NOT_FOUND", `No video with id ${id}`);
    const video = await videoForRig(req.headers.get("authorization"), id);
    return new Response(video.body, {
      headers: {
        "content-type": "application/octet-stream",
        "content-length": String(video.size),
        "content-disposition": `attachment; filename="${encodeURIComponent(video.fileName)}"`,
        "x-content-sha256": video.sha256,
      },
    });
  } catch (error) {
    return errorResponse(error);
  }
}
