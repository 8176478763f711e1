/** `sightline calibration`: the calibration video of DESIGN §12, offline. */
import type { Command } from "commander";
import { z } from "zod";
import { CALIBRATION_LIMITS } from "@/lib/calibration/flash-schedule";
import { number } from "./number-option";

const optionsSchema = z.object({
  flashes: z
    .number()
    .int("--flashes must be a whole number")
    .min(CALIBRATION_LIMITS.flashes.min, `--flashes must be at least ${CALIBRATION_LIMITS.flashes.min}`)
    .max(CALIBRATION_LIMITS.flashes.max, `--flashes must be at most ${CALIBRATION_LIMITS.flashes.max}`),
  fps: z
    .number()
    .int("--fps must be a whole number")
    .min(CALIBRATION_LIMITS.fps.min, `--fps must be at least ${CALIBRATION_LIMITS.fps.min}`)
    .max(CALIBRATION_LIMITS.fps.max, `--fps must be at most ${CALIBRATION_LIMITS.fps.max}`),
  out: z
    .string()
    .trim()
    .min(1, "--out needs a file name")
    .regex(/\.mp4$/i, "--out must name an .mp4 file"),
});

export function registerCalibration(program: Command): void {
  const calibration = program.command("calibration").description("display-latency calibration of rigs");
  calibration
    .command("video")
    .description("write the calibration video (a corner patch flashing at known, irregular frames) and its frame list")
    .requiredOption("--out <file>", "the video to write (.mp4); the frame list goes beside it as <file>.frames.json")
    .option("--flashes <n>", "how many flashes", number("--flashes"), 120)
    .option("--fps <n>", "frame rate", number("--fps"), 30)
    .action(async (flags: { out: string; flashes: number; fps: number }) => {
      const parsed = optionsSchema.safeParse(flags);
      if (!parsed.success) throw new Error(parsed.error.issues.map((i) => i.message).join("; "));
      const { writeCalibrationVideo } = await import("../calibration/calibration-video");
      const s = await writeCalibrationVideo(parsed.data.out, parsed.data);
      process.stdout.write(
        `${parsed.data.out}: ${s.flashes.length} flashes of ${s.flashFrames} frames in ${s.frames} frames at ${s.fps} fps (${(s.frames / s.fps).toFixed(1)} s); frame list ${parsed.data.out}.frames.json\n`,
      );
    });
}
