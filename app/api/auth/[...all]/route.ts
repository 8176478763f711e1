import { toNextJsHandler } from "better-auth/next-js";
import { getAuth } from "@/server/auth/auth";
import { forgetSessions } from "@/server/auth/session";

// Resolved per request: the auth instance needs the database, which the server opens at start.
export async function GET(req: Request) {
  return toNextJsHandler(getAuth()).GET(req);
}
export async function POST(req: Request) {
  const response = await toNextJsHandler(getAuth()).POST(req);
  // A sign-out ends the session at once, not when the kept lookups expire.
  if (new URL(req.url).pathname.endsWith("/sign-out")) forgetSessions();
  return response;
}
