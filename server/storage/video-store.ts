/**
 * Video storage behind a small interface, a local folder by default
 * (SIGHTLINE_DATA_DIR/videos). An upload streams into a temporary file while its sha256 and size
 * are computed — the file is never held in memory — and is then kept under its key or discarded.
 */
import { createHash, randomUUID } from "node:crypto";
import { createReadStream, createWriteStream } from "node:fs";
import { mkdir, rename, rm, stat } from "node:fs/promises";
import path from "node:path";
import { Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import { env } from "../env";
import { DomainError } from "../errors";
import { processShared } from "../runtime/slot";

type Staged = { tempPath: string; sha256: string; size: number };

export type VideoStore = {
  stage(source: NodeJS.ReadableStream, limitBytes: number): Promise<Staged>;
  keep(staged: Staged, key: string): Promise<void>;
  discard(staged: Staged): Promise<void>;
  /** Deletes a kept file (one whose video could not be recorded). */
  remove(key: string): Promise<void>;
  /** The file of a key (local store), refusing keys that would leave the store. */
  path(key: string): string;
  size(key: string): Promise<number | null>;
  read(key: string, range?: { start: number; end: number }): NodeJS.ReadableStream;
};

function localVideoStore(root = path.join(env.SIGHTLINE_DATA_DIR, "videos")): VideoStore {
  const resolveKey = (key: string) => {
    const file = path.resolve(root, key);
    if (!file.startsWith(`${root}${path.sep}`)) throw new DomainError("INVALID_INPUT", "Invalid storage key");
    return file;
  };
  return {
    async stage(source, limitBytes) {
      const dir = path.join(root, ".uploads");
      await mkdir(dir, { recursive: true });
      const tempPath = path.join(dir, randomUUID());
      const hash = createHash("sha256");
      let size = 0;
      const meter = new Transform({
        transform(chunk: Buffer, _encoding, done) {
          size += chunk.length;
          if (size > limitBytes)
            return done(new DomainError("INVALID_INPUT", `The file is larger than ${limitBytes} bytes.`));
          hash.update(chunk);
          done(null, chunk);
        },
      });
      try {
        await pipeline(source, meter, createWriteStream(tempPath));
      } catch (error) {
        await rm(tempPath, { force: true });
        throw error;
      }
      return { tempPath, sha256: hash.digest("hex"), size };
    },
    async keep(staged, key) {
      const file = resolveKey(key);
      await mkdir(path.dirname(file), { recursive: true });
      await rename(staged.tempPath, file);
    },
    async discard(staged) {
      await rm(staged.tempPath, { force: true });
    },
    async remove(key) {
      await rm(resolveKey(key), { force: true });
    },
    path: resolveKey,
    async size(key) {
      const info = await stat(resolveKey(key)).catch(() => null);
      return info?.isFile() ? info.size : null;
    },
    read(key, range) {
      return createReadStream(resolveKey(key), range ? { start: range.start, end: range.end } : undefined);
    },
  };
}

export function videoStore(): VideoStore {
  return processShared("videoStore", localVideoStore);
}
