/**
 * Wrong passwords per account: after FAILURES_MAX failed sign-ins to one account within
 * WINDOW_MS, that account's sign-ins are refused (429, with Retry-After) until the window has
 * passed, from whatever address they come. better-auth's own limit counts per client address
 * (20 a minute); this one holds however many addresses an attacker has. Kept in this process
 * (several web processes each count their own), bounded to ACCOUNTS_KEPT accounts.
 */
import { processShared } from "../runtime/slot";
import { jsonResponse } from "../web/json-response";

const FAILURES_MAX = 10;
const WINDOW_MS = 15 * 60_000;
const ACCOUNTS_KEPT = 10_000;

type Entry = { failures: number; since: number };
const failures = () => processShared("signInFailures", () => new Map<string, Entry>());

const keyOf = (email: string) => email.trim().toLowerCase();

/** Seconds until the account may try again, or 0 when it may now. */
function lockedFor(email: string, now = Date.now()): number {
  const entry = failures().get(keyOf(email));
  if (!entry) return 0;
  if (now - entry.since >= WINDOW_MS) {
    failures().delete(keyOf(email));
    return 0;
  }
  return entry.failures >= FAILURES_MAX ? Math.ceil((entry.since + WINDOW_MS - now) / 1000) : 0;
}

function recordSignIn(email: string, succeeded: boolean, now = Date.now()): void {
  const key = keyOf(email);
  if (succeeded) {
    failures().delete(key);
    return;
  }
  const entry = failures().get(key);
  if (entry && now - entry.since < WINDOW_MS) entry.failures++;
  else {
    failures().delete(key);
    failures().set(key, { failures: 1, since: now });
  }
  // Maps keep insertion order: the first keys are the oldest windows.
  while (failures().size > ACCOUNTS_KEPT) failures().delete(failures().keys().next().value as string);
}

/** A sign-in through `signIn`, refused while its account is locked, its outcome counted. */
export async function throttledSignIn(req: Request, signIn: (req: Request) => Promise<Response>): Promise<Response> {
  const email = await emailOf(req);
  const wait = email ? lockedFor(email) : 0;
  if (wait > 0) {
    return jsonResponse(
      {
        code: "TOO_MANY_ATTEMPTS",
        message: `Too many wrong passwords for this account: try again in ${Math.ceil(wait / 60)} min, or ask an admin to reset the password.`,
      },
      { status: 429, headers: { "retry-after": String(wait) } },
    );
  }
  const response = await signIn(req);
  if (email && (response.status === 200 || response.status === 401)) recordSignIn(email, response.status === 200);
  return response;
}

/** The email a sign-in request names, or null when its body names none. */
async function emailOf(req: Request): Promise<string | null> {
  try {
    const body = (await req.clone().json()) as { email?: unknown };
    return typeof body?.email === "string" ? body.email : null;
  } catch {
    return null;
  }
}
