/**
 * Fuzzing benchmark (prints one JSON object; not a test): BENCH_REQUESTS (default 10,000)
 * generated bad inputs against a fresh production server on its own embedded PostgreSQL —
 * every tRPC procedure (GET and POST, batches), every REST endpoint (bodies, content types, ids,
 * credentials), the other routes (uploads, sign-in, setup, video files, CSV export, pages), and
 * the rig namespace over a real Socket.IO connection with a rig token (every message, against a
 * session really assigned to the rig). Inputs come from a seeded generator (BENCH_SEED):
 * wrong types, NUL and control characters, huge and deep values, prototype keys, numbers past
 * every range, broken JSON and %-escapes. Every input is one the server must refuse, so nothing
 * may be written: the rows of every table are counted before and after. Prints
 * `{"requests","by_status","5xx","crashes","rows_written_by_refused","max_ms"}`; progress and the
 * first 5xx answers on stderr. Builds the app first if there is no build.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import postgres from "postgres";
import { io as connectSocket, type Socket } from "socket.io-client";
import { runningEmbeddedUrl } from "@/db/embedded";
import { firstAdminCookie } from "@/e2e/fixtures/server-process";
import { PROTOCOL_VERSION } from "@/lib/rig-protocol";
import { seededRandom } from "@/lib/seeded-random";
import { endpoints, REST_BASE } from "@/server/rest/endpoints";
import { SightlineProcess } from "@/server/testing/chaos/sightline-process";
import { freePort } from "@/server/testing/processes";

const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 10_000);
const SEED = Number(process.env.BENCH_SEED ?? 1);
const CONCURRENCY = 8;
const root = path.resolve(import.meta.dirname, "..");
const random = seededRandom(SEED);
const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
const chance = (p: number) => random() < p;

// --- values no procedure takes -------------------------------------------------------------

const strings = [
  "",
  "\u0000",
  `a\u0000b`,
  "\u0001\u001f\u007f",
  "x".repeat(5000),
  "💥".repeat(300),
  "\ud800",
  "<script>alert(1)</script>",
  "' or 1=1 --",
  "%E0%A4%A",
  "../../etc/passwd",
  "null",
  "NaN",
  "1e309",
  "-0",
  "99999999999999999999",
  "00000000-0000-0000-0000-000000000000",
  "zzzzzzzz-zzzz-zzzz-zzzz-zzzzzzzzzzzz",
];
const numbers = [-1, -0, 0.5, 1e308, -1e308, 2 ** 31, 2 ** 53 + 1, 2 ** 63, Number.MAX_SAFE_INTEGER, -(2 ** 31) - 1];
// No "name": `{ name: "null" }` is a valid rig or token to create, and every input here must be refused.
const keys = ["__proto__", "constructor", "toString", "prototype", "id", "", "\u0000", "json", "0"];

function value(depth = 0): unknown {
  const roll = random();
  if (depth > 3 || roll < 0.3) return pick(strings);
  if (roll < 0.5) return pick(numbers);
  if (roll < 0.55) return pick([null, true, false]);
  if (roll < 0.75) return Array.from({ length: Math.floor(random() * 4) }, () => value(depth + 1));
  return object(depth + 1);
}

function object(depth = 0): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (let i = Math.floor(random() * 5); i > 0; i--) {
    Object.defineProperty(out, pick(keys), {
      value: value(depth),
      enumerable: true,
      configurable: true,
      writable: true,
    });
  }
  return out;
}

/** %-encoded, also for a lone surrogate (which encodeURIComponent refuses): its UTF-8 bytes as sent raw. */
function enc(text: string): string {
  try {
    return encodeURIComponent(text);
  } catch {
    return "%ED%A0%80";
  }
}

/** Nested `depth` deep: parsers that recurse must not fall over. */
const deep = (depth: number) => `${"[".repeat(depth)}${"]".repeat(depth)}`;

/** A body that no endpoint accepts: broken JSON, or JSON of the wrong shape. */
function badBody(): string {
  const roll = random();
  if (roll < 0.15) return pick(["{", "[1,", '{"a":}', "\u0000", "not json", deep(5000), '{"a":"\\ud800"}']);
  if (roll < 0.25) return JSON.stringify(value());
  return JSON.stringify(object());
}

// --- the server ---------------------------------------------------------------------------

type Result = { status: string; ms: number; detail?: string };

/** An answer's status; for a 5xx, what was asked and what came back, to reproduce it. */
async function answer(response: Response, what: string, asked = ""): Promise<{ status: string; detail?: string }> {
  const text = await response.text();
  return {
    status: String(response.status),
    detail: response.status >= 500 ? `${what} ${response.url} ${asked.slice(0, 300)} → ${text.slice(0, 300)}` : what,
  };
}

async function timed(run: () => Promise<{ status: string; detail?: string }>): Promise<Result> {
  const started = performance.now();
  try {
    const outcome = await run();
    return { ...outcome, ms: performance.now() - started };
  } catch (error) {
    return { status: "network-error", detail: (error as Error).message, ms: performance.now() - started };
  }
}

async function main() {
  const build = spawnSync(process.execPath, ["scripts/build-if-missing.mjs"], {
    cwd: root,
    stdio: ["ignore", "ignore", "inherit"],
  });
  if (build.status !== 0) throw new Error("the build failed");
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), "sightline-fuzz-"));
  const server = await SightlineProcess.start({ port: await freePort(), dataDir, env: { LOG_LEVEL: "warn" } });
  const base = server.baseURL;
  const url = await runningEmbeddedUrl(dataDir);
  if (!url) throw new Error("the server's embedded PostgreSQL is not running");
  const sql = postgres(url, { max: 2, onnotice: () => {} });
  try {
    const cookie = await firstAdminCookie(base, { email: "fuzz@bench.sightline", password: "fuzz-password-1234" });
    const json = { "content-type": "application/json", origin: base, cookie };
    const call = async (procedure: string, input: unknown) => {
      const response = await fetch(`${base}/api/trpc/${procedure}`, {
        method: "POST",
        headers: json,
        body: JSON.stringify({ json: input }),
      });
      const body = (await response.json()) as { result?: { data: { json: Record<string, unknown> } } };
      if (!body.result) throw new Error(`${procedure}: ${JSON.stringify(body)}`);
      return body.result.data.json;
    };
    const apiToken = (await call("apiTokens.create", { name: "fuzz" })).token as string;
    const rig = await call("rigs.create", { name: "fuzz rig" });
    const rigToken = rig.token as string;
    const rigId = (rig.rig as { id: string }).id;
    const project = await call("projects.create", { name: "Fuzzed", cameraView: "rear", signalType: "gpio" });
    // A session really assigned to the rig, so rig messages reach their deepest checks.
    const [video] = await sql<{ id: string }[]>`
      insert into videos (file_name, storage_key, sha256, size_bytes, duration_ms, fps, tags)
      values ('fuzz.mp4', 'fuzz/none', ${"f".repeat(64)}, 1, 10000, 30, '{}') returning id`;
    const [session] = await sql<{ id: string }[]>`
      insert into test_sessions (video_id, rig_id, status) values (${video?.id as string}, ${rigId}, 'running') returning id`;
    // Ids that exist but that no procedure taking `{ id }` could change (a project's could be archived).
    const ids = [video?.id as string, session?.id as string, crypto.randomUUID()];
    const restIds = [project.id as string, ...ids];

    const procedures = await listProcedures();
    const rowsBefore = await countRows(sql);

    const rigSocket = connectSocket(`${base}/rig`, {
      auth: { token: rigToken, protocol: PROTOCOL_VERSION, agent: {} },
      transports: ["websocket"],
    }) as Socket;
    await new Promise<void>((resolve, reject) => {
      rigSocket.once("connect", () => resolve());
      rigSocket.once("connect_error", reject);
    });

    const generators: (() => Promise<Result>)[] = [
      // tRPC, one call: a procedure with an input it does not take.
      () =>
        timed(async () => {
          const [name, type] = pick(procedures);
          const input = chance(0.5) ? value() : { ...object(), id: pick([...ids, ...strings]) };
          const headers = chance(0.9) ? json : { ...json, origin: "http://evil.example" };
          const body = chance(0.8) ? JSON.stringify({ json: input }) : badBody();
          const response =
            type === "query"
              ? await fetch(
                  `${base}/api/trpc/${name}?input=${chance(0.9) ? enc(JSON.stringify({ json: input })) : pick(["%", "%E0%A4", "{", "%00"])}`,
                  { headers },
                )
              : await fetch(`${base}/api/trpc/${name}`, {
                  method: "POST",
                  headers,
                  body,
                });
          return answer(response, `trpc ${name}`, type === "query" ? "" : body);
        }),
      // tRPC batches, some past the bound.
      () =>
        timed(async () => {
          const calls = Array.from({ length: 1 + Math.floor(random() * 20) }, () => pick(procedures));
          const body = Object.fromEntries(calls.map((_, i) => [i, { json: value() }]));
          const response = await fetch(`${base}/api/trpc/${calls.map(([n]) => n).join(",")}?batch=1`, {
            method: "POST",
            headers: json,
            body: JSON.stringify(body),
          });
          return answer(response, "trpc batch", JSON.stringify(body));
        }),
      // REST: every endpoint, with bad bodies, ids, content types and credentials.
      () =>
        timed(async () => {
          const endpoint = pick(endpoints);
          const id = pick([...restIds, ...strings.map(enc), "%E0%A4%A", "%00"]);
          const url = `${base}${REST_BASE}${endpoint.path.replace("{id}", id).replace("{action}", pick(["pause", "x", "%00"]))}`;
          const auth: Record<string, string> = pick<Record<string, string>>([
            { authorization: `Bearer ${apiToken}` },
            { authorization: "Bearer sla_wrong" },
            { cookie, origin: base },
            { cookie, origin: "http://localhost:1" },
            {},
          ]);
          const headers = {
            "content-type": pick(["application/json", "text/plain", "application/x-www-form-urlencoded", ""]),
            ...auth,
          };
          const response = await fetch(url, {
            method: endpoint.method === "post" ? "POST" : "GET",
            headers,
            body: endpoint.method === "post" ? badBody() : undefined,
          });
          return answer(response, `rest ${endpoint.method} ${endpoint.path}`);
        }),
      // The other routes.
      () =>
        timed(async () => {
          const roll = random();
          let response: Response;
          if (roll < 0.25) {
            response = await fetch(`${base}/api/videos/upload?name=${enc(pick(strings))}`, {
              method: "POST",
              headers: { cookie, origin: base, "content-type": "application/octet-stream" },
              body: Buffer.from(pick(strings)),
            });
          } else if (roll < 0.45) {
            response = await fetch(`${base}/api/auth/sign-in/email`, {
              method: "POST",
              headers: { "content-type": "application/json", origin: base },
              body: chance(0.5) ? badBody() : JSON.stringify({ email: pick(strings), password: pick(strings) }),
            });
          } else if (roll < 0.55) {
            response = await fetch(`${base}/api/setup`, { method: "POST", headers: json, body: badBody() });
          } else if (roll < 0.7) {
            response = await fetch(`${base}/api/videos/${pick([...ids, ...strings.map(enc)])}/file`, {
              headers: { cookie, range: pick(["bytes=9-1", "bytes=-0", "bytes=99999999999-", "junk"]) },
            });
          } else if (roll < 0.8) {
            response = await fetch(
              `${base}/api/dashboard/projects.csv?search=${enc(pick(strings))}&cameraView=${enc(pick(strings))}`,
              { headers: { cookie } },
            );
          } else if (roll < 0.9) {
            response = await fetch(`${base}/api/rig/videos/${pick([...ids, ...strings.map(enc)])}`, {
              headers: { authorization: pick([`Bearer ${rigToken}`, "Bearer slr_wrong", ""]) },
            });
          } else {
            const page = pick(["/projects/", "/videos/", "/workflows/", "/workflows/x/results/", "/"]);
            response = await fetch(`${base}${page}${pick([...ids, ...strings.map(enc), "%E0%A4%A"])}`, {
              headers: { cookie },
            });
          }
          return answer(response, `route ${roll.toFixed(2)}`);
        }),
      // The rig namespace: every message, malformed, against the rig's own session and others.
      () =>
        timed(async () => {
          if (!rigSocket.connected) return { status: "rig:disconnected" };
          const event = pick(["events", "session:started", "session:finished", "clock"] as const);
          const sessionId = pick([session?.id as string, crypto.randomUUID(), ...strings]);
          const payload =
            event === "events"
              ? {
                  sessionId,
                  events: Array.from({ length: 1 + Math.floor(random() * 3) }, () => ({
                    seq: pick([...numbers, 5_000_000, 0.5]),
                    line: pick(strings),
                    edge: pick(["rising", "falling", "sideways", ""]),
                    videoTimeUs: pick(numbers),
                    rigMonotonicNs: pick(strings),
                    readMonotonicNs: pick(["1", ...strings]),
                    class: pick(strings),
                    ...(chance(0.3) ? object() : {}),
                  })),
                }
              : chance(0.5)
                ? { sessionId, ...object() }
                : value();
          if (chance(0.2)) {
            rigSocket.emit("heartbeat", value());
            return { status: "rig:heartbeat" };
          }
          const reply = (await rigSocket.timeout(5000).emitWithAck(event, payload as never)) as { ok?: boolean };
          return { status: reply?.ok ? `rig:${event}:ok` : "rig:refused", detail: `rig ${event}` };
        }),
    ];

    const byStatus: Record<string, number> = {};
    const fives: Result[] = [];
    let maxMs = 0;
    let done = 0;
    let answered = 0;
    let crashes = 0;
    const next = async () => {
      while (done < REQUESTS) {
        done++;
        const result = await pick(generators)();
        byStatus[result.status] = (byStatus[result.status] ?? 0) + 1;
        maxMs = Math.max(maxMs, result.ms);
        if (/^5\d\d$/.test(result.status) || result.status === "network-error") {
          if (fives.length < 5) {
            fives.push(result);
            process.stderr.write(`${result.status} ${result.detail ?? ""}\n`);
          }
        }
        if (++answered % 1000 === 0) process.stderr.write(`${answered}/${REQUESTS} requests\n`);
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, next));
    rigSocket.close();

    // Still whole: the process runs and answers, the database with it.
    const health = await fetch(`${base}/api/v1/workflow/health`).catch(() => null);
    if (!server.running() || health?.status !== 200) crashes++;
    const rowsAfter = await countRows(sql);
    let written = 0;
    for (const [table, n] of rowsAfter) written += Math.abs(n - (rowsBefore.get(table) ?? 0));
    if (written) {
      process.stderr.write(
        `rows changed: ${JSON.stringify([...rowsAfter].filter(([t, n]) => n !== rowsBefore.get(t)))}\n`,
      );
    }
    const fivexx = Object.entries(byStatus)
      .filter(([status]) => /^5\d\d$/.test(status) || status === "network-error")
      .reduce((sum, [, n]) => sum + n, 0);
    console.log(
      JSON.stringify({
        requests: done,
        by_status: byStatus,
        "5xx": fivexx,
        crashes,
        rows_written_by_refused: written,
        max_ms: Math.round(maxMs),
      }),
    );
  } finally {
    await sql.end().catch(() => {});
    await server.stop().catch(() => {});
    if (server.running()) server.kill("SIGKILL");
    await fs.rm(dataDir, { recursive: true, force: true }).catch(() => {});
  }
}

/** Every tRPC procedure and whether it is a query or a mutation. */
async function listProcedures(): Promise<[string, "query" | "mutation"][]> {
  const { appRouter } = await import("@/server/routers/_app");
  const record = (appRouter as unknown as { _def: { procedures: Record<string, { _def: { type: string } }> } })._def
    .procedures;
  return Object.entries(record).map(([name, procedure]) => [name, procedure._def.type as "query" | "mutation"]);
}

/**
 * Rows of every table Sightline writes (not pg-boss's, nor the sign-in sessions of the fuzzer's
 * own setup, taken before).
 */
async function countRows(sql: postgres.Sql): Promise<Map<string, number>> {
  const tables = await sql<{ name: string }[]>`
    select table_name as name from information_schema.tables
    where table_schema = 'public' and table_type = 'BASE TABLE' and table_name not like '__drizzle%'`;
  const counts = new Map<string, number>();
  for (const { name } of tables) {
    const [row] = await sql.unsafe<{ n: number }[]>(`select count(*)::int as n from "${name}"`);
    counts.set(name, row?.n ?? 0);
  }
  return counts;
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
