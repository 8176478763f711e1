/**
 * The calibration video for signed-in users (`?flashes=120&fps=30`), or its frame list
 * (`&frames=1`): the same video a calibration session plays.
 */
import { createReadStream, readFileSync } from "node:fs";
import path from "node:path";
import { Readable } from "node:stream";
import { errorResponse } from "@/server/errors";
import { calibrationVideoForUser } from "@/server/services/calibrations/calibration-video-download";

export async function GET(req: Request) {
  try {
    const { video, framesOnly } = await calibrationVideoForUser(req.headers, new URL(req.url).searchParams);
    const name = path.basename(video.file);
    if (framesOnly) {
      return new Response(readFileSync(`${video.file}.frames.json`), {
        headers: {
          "content-type": "application/json",
          "content-disposition": `attachment; filename="${name}.frames.json"`,
        },
      });
    }
    return new Response(Readable.toWeb(createReadStream(video.file)) as ReadableStream, {
      headers: {
        "content-type": "video/mp4",
        "content-length": String(video.size),
        "content-disposition": `attachment; filename="${name}"`,
        "x-content-sha256": video.sha256,
      },
    });
  } catch (error) {
    return errorResponse(error);
  }
}
