/**
 * Video metadata read with ffprobe (FFmpeg's prober, shipped as an npm package for this
 * platform): duration, frame rate, resolution, codec. A file ffprobe cannot read as video is
 * refused with its reason.
 */
import { execFile } from "node:child_process";
import ffprobe from "@ffprobe-installer/ffprobe";
import { DomainError } from "../errors";

export type VideoMetadata = { durationMs: number; fps: number; width: number; height: number; codec: string };

function rate(value: string | undefined): number | null {
  if (!value) return null;
  const [n, d] = value.split("/").map(Number);
  if (!n || !d) return null;
  return n / d;
}

export function probeVideo(file: string, fileName: string): Promise<VideoMetadata> {
  return new Promise((resolve, reject) => {
    execFile(
      ffprobe.path,
      ["-v", "error", "-show_streams", "-show_format", "-of", "json", file],
      { maxBuffer: 8 * 1024 * 1024, timeout: 60_000 },
      (error, stdout, stderr) => {
        const refuse = (why: string) =>
          reject(new DomainError("INVALID_INPUT", `${fileName} is not a video Sightline can read: ${why}`));
        // ffprobe names the file it read: the staging path on this server, not the user's name for
        // it. Its own command line (error.message) names server paths too, so it is never shown.
        if (error) {
          const said = stderr.trim().split("\n").pop()?.replaceAll(file, fileName);
          const why = error.killed
            ? "reading it took longer than 60 s"
            : `the prober stopped (exit code ${error.code})`;
          return refuse(said && !said.includes(ffprobe.path) ? said : why);
        }
        let data: { streams?: Record<string, string | number>[]; format?: Record<string, string> };
        try {
          data = JSON.parse(stdout);
        } catch {
          return refuse("ffprobe gave no readable answer");
        }
        const video = data.streams?.find((s) => s.codec_type === "video" && s.disposition !== "attached_pic");
        if (!video) return refuse("it has no video stream");
        const fps = rate(String(video.avg_frame_rate ?? "")) ?? rate(String(video.r_frame_rate ?? ""));
        const seconds = Number(video.duration ?? data.format?.duration);
        if (!fps || !Number.isFinite(seconds) || seconds <= 0) return refuse("its duration or frame rate is unknown");
        resolve({
          durationMs: Math.round(seconds * 1000),
          fps,
          width: Number(video.width),
          height: Number(video.height),
          codec: String(video.codec_name),
        });
      },
    );
  });
}
