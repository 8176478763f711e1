import { toNextJsHandler } from "better-auth/next-js";
import { getAuth } from "@/server/auth/auth";
import { forgetSessions } from "@/server/auth/session";
import { throttledSignIn } from "@/server/auth/sign-in-throttle";
import { endSignedOutSockets } from "@/server/realtime/publish";

// Resolved per request: the auth instance needs the database, which the server opens at start.
export async function GET(req: Request) {
  return toNextJsHandler(getAuth()).GET(req);
}
export async function POST(req: Request) {
  const path = new URL(req.url).pathname;
  const handle = toNextJsHandler(getAuth()).POST;
  if (path.endsWith("/sign-in/email")) return throttledSignIn(req, handle);
  const response = await handle(req);
  // A sign-out ends the session at once, not when the kept lookups expire, and its live sockets.
  if (path.endsWith("/sign-out")) {
    forgetSessions();
    void endSignedOutSockets();
  }
  return response;
}
