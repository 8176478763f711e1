/**
 * Downloads of the calibration video: a rig's agent fetches its calibration's video with the
 * rig token; an engineer downloads it (or its frame list) from the rig page to play it by hand.
 */
import { calibrationVideoQuerySchema } from "@/lib/validation/calibration";
import { getSessionUser } from "../../auth/session";
import { type CachedCalibrationVideo, cachedCalibrationVideo } from "../../calibration/calibration-video";
import { DomainError } from "../../errors";
import { findRigByToken } from "../rigs/rig-presence";
import { calibrationById } from "./calibration-session";
import { CALIBRATION_SEED } from "./request-calibration";

export async function calibrationVideoForRig(
  authorization: string | null,
  calibrationId: string,
): Promise<CachedCalibrationVideo> {
  const token = authorization?.startsWith("Bearer ") ? authorization.slice(7) : null;
  const rig = token ? await findRigByToken(token) : null;
  if (!rig || rig.status === "disabled") {
    throw new DomainError("UNAUTHORIZED", "A valid rig token is required (Authorization: Bearer <token>).");
  }
  const calibration = await calibrationById(calibrationId);
  if (!calibration || calibration.rigId !== rig.id) {
    throw new DomainError("NOT_FOUND", `No calibration ${calibrationId} for rig ${rig.name}`);
  }
  return cachedCalibrationVideo(calibration);
}

export async function calibrationVideoForUser(headers: Headers, search: URLSearchParams) {
  if (!(await getSessionUser(headers)))
    throw new DomainError("UNAUTHORIZED", "Sign in to download the calibration video.");
  const parsed = calibrationVideoQuerySchema.safeParse(Object.fromEntries(search));
  if (!parsed.success) {
    throw new DomainError(
      "INVALID_INPUT",
      `Bad calibration video request: ${parsed.error.issues.map((i) => `${i.path.join(".")} ${i.message}`).join("; ")}`,
    );
  }
  const video = await cachedCalibrationVideo({ ...parsed.data, seed: CALIBRATION_SEED });
  return { video, framesOnly: parsed.data.frames === "1" };
}
