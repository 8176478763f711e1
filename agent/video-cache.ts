/**
 * Videos a rig plays, downloaded once and kept by their sha256 (a file whose hash differs is
 * fetched again), so a rig replays its library without downloading it every session.
 */
import { createHash } from "node:crypto";
import { createReadStream, existsSync, mkdirSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";

async function sha256Of(file: string): Promise<string> {
  const hash = createHash("sha256");
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest("hex");
}

export async function cachedVideo(
  dir: string,
  video: { sha256: string; url: string; fileName: string },
  server: string,
  token: string,
): Promise<string> {
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${video.sha256}${path.extname(video.fileName)}`);
  if (existsSync(file) && (await sha256Of(file)) === video.sha256) return file;
  const response = await fetch(new URL(video.url, server), { headers: { authorization: `Bearer ${token}` } });
  if (!response.ok) throw new Error(`Downloading ${video.fileName} failed: HTTP ${response.status}`);
  const partial = `${file}.part`;
  writeFileSync(partial, Buffer.from(await response.arrayBuffer()));
  if ((await sha256Of(partial)) !== video.sha256)
    throw new Error(`${video.fileName} arrived corrupted (sha256 differs)`);
  renameSync(partial, file);
  return file;
}
