/** The calibration video a rig's agent plays (DESIGN §12), with the rig's token; cached by sha256 on the rig. */
import { createReadStream } from "node:fs";
import { Readable } from "node:stream";
import { DomainError, errorResponse } from "@/server/errors";
import { isUuid } from "@/server/ids";
import { calibrationVideoForRig } from "@/server/services/calibrations/calibration-video-download";

export async function GET(req: Request, { params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  try {
    if (!isUuid(id)) throw new DomainError("NOT_FOUND", `No calibration with id ${id}`);
    const video = await calibrationVideoForRig(req.headers.get("authorization"), id);
    return new Response(Readable.toWeb(createReadStream(video.file)) as ReadableStream, {
      headers: {
        "content-type": "video/mp4",
        "content-length": String(video.size),
        "x-content-sha256": video.sha256,
      },
    });
  } catch (error) {
    return errorResponse(error);
  }
}
