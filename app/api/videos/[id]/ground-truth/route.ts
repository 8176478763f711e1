/** Ground-truth export of a video (`?format=csv|json|cvat|mot`) for signed-in users. */
import { exportFormats, exportGroundTruth } from "@/lib/analysis/ground-truth-export";
import { getSessionUser } from "@/server/auth/session";
import { DomainError, errorResponse } from "@/server/errors";
import { isUuid } from "@/server/ids";
import { listGroundTruth } from "@/server/services/ground-truth/list-ground-truth";
import { getVideo } from "@/server/services/videos/get-video";

export async function GET(req: Request, { params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  try {
    if (!(await getSessionUser(req.headers))) throw new DomainError("UNAUTHORIZED", "Sign in to export ground truth.");
    if (!isUuid(id)) throw new DomainError("NOT_FOUND", `No video with id ${id}`);
    const format = new URL(req.url).searchParams.get("format") ?? "csv";
    if (!(exportFormats as readonly string[]).includes(format)) {
      throw new DomainError("INVALID_INPUT", `format must be one of ${exportFormats.join(", ")}`);
    }
    const video = await getVideo(id);
    let file: ReturnType<typeof exportGroundTruth>;
    try {
      file = exportGroundTruth(await listGroundTruth(id), format as (typeof exportFormats)[number], video);
    } catch (error) {
      throw new DomainError("INVALID_INPUT", (error as Error).message);
    }
    const name = `${video.fileName.replace(/\.[^.]+$/, "")}-ground-truth.${file.extension}`;
    return new Response(file.body, {
      headers: {
        "content-type": `${file.contentType}; charset=utf-8`,
        "content-disposition": `attachment; filename="${encodeURIComponent(name)}"`,
      },
    });
  } catch (error) {
    return errorResponse(error);
  }
}
