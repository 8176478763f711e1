/**
 * Video upload: the request body is the file itself (streamed to storage, never held in
 * memory), `?name=` its file name. Engineers and admins only. 201 with the new video, 200 with
 * the existing one when the same file is in the library already.
 */
import { Readable } from "node:stream";
import { hasRole } from "@/lib/roles";
import { getSessionUser } from "@/server/auth/session";
import { DomainError, errorResponse } from "@/server/errors";
import { uploadVideo } from "@/server/services/videos/upload-video";
import { jsonResponse } from "@/server/web/json-response";

export async function POST(req: Request) {
  try {
    const user = await getSessionUser(req.headers);
    if (!user) throw new DomainError("UNAUTHORIZED", "Sign in to upload videos.");
    if (!hasRole(user.role, "engineer")) throw new DomainError("FORBIDDEN", "Only engineers and admins upload videos.");
    if (!req.body) throw DomainError.field("INVALID_INPUT", "file", "The request has no file.");
    const name = new URL(req.url).searchParams.get("name") ?? "";
    const result = await uploadVideo(Readable.fromWeb(req.body as never), { fileName: name }, user.id);
    return jsonResponse(result, { status: result.duplicate ? 200 : 201 });
  } catch (error) {
    return errorResponse(error);
  }
}
