/**
 * What a request may send before anything reads it: a path that decodes, a body no larger than
 * its endpoint takes (refused at once from Content-Length, 413, not after reading it), a length
 * given up front except for uploads (411: a chunked body could not be bounded before it is
 * read), and the whole body within BODY_DEADLINE_MS (408: a client trickling bytes holds a
 * connection and its buffers).
 */
import type { IncomingMessage } from "node:http";
import { REST_BODY_MAX_BYTES, TRPC_BODY_MAX_BYTES, VIDEO_MAX_BYTES } from "@/lib/validation/limits";

export const BODY_DEADLINE_MS = 10_000;
/** Sign-in, first-admin setup, and anything else that takes a small form. */
const SMALL_BODY_MAX_BYTES = 64 * 1024;
export const UPLOAD_PATH = "/api/videos/upload";

export type Refusal = { status: number; code: string; message: string };

function bodyLimitOf(pathname: string): number {
  if (pathname === UPLOAD_PATH) return VIDEO_MAX_BYTES;
  if (pathname.startsWith("/api/trpc/")) return TRPC_BODY_MAX_BYTES;
  if (pathname.startsWith("/api/v1/")) return REST_BODY_MAX_BYTES;
  return SMALL_BODY_MAX_BYTES;
}

const megabytes = (bytes: number) =>
  bytes >= 1024 ** 3
    ? `${bytes / 1024 ** 3} GB`
    : bytes >= 1024 ** 2
      ? `${bytes / 1024 ** 2} MB`
      : `${bytes / 1024} KB`;

/** The pathname of a request's URL, or null when it cannot be read (a bad %-escape). */
export function pathnameOf(url: string | undefined): string | null {
  const raw = (url ?? "/").split("?")[0] as string;
  try {
    decodeURIComponent(raw);
    return raw;
  } catch {
    return null;
  }
}

export function requestRefusal(req: IncomingMessage, pathname: string): Refusal | null {
  const limit = bodyLimitOf(pathname);
  const length = req.headers["content-length"];
  if (length !== undefined) {
    const bytes = Number(length);
    if (Number.isFinite(bytes) && bytes > limit) {
      return {
        status: 413,
        code: "TOO_LARGE",
        message: `The body is ${megabytes(bytes)}; ${pathname} takes at most ${megabytes(limit)}.`,
      };
    }
  } else if (req.headers["transfer-encoding"] && pathname !== UPLOAD_PATH) {
    return {
      status: 411,
      code: "LENGTH_REQUIRED",
      message: "Send the body with a Content-Length (a chunked body is taken only by uploads).",
    };
  }
  return null;
}
