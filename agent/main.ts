/**
 * sightline-agent: runs on a test rig's host. Connects to the Sightline server with the rig's
 * token, waits for sessions, plays each video to the camera and streams the camera's detection
 * signal back, spooled on disk until the server has it.
 *
 *   sightline-agent --server https://sightline.example --token slr_… --source gpio --chip gpiochip0 --line 17
 */
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { sessionAssignmentSchema } from "@/lib/rig-protocol";
import { AgentWork } from "./agent-state";
import { mpvPlayer } from "./players/mpv";
import { externalPlayer } from "./players/none";
import { simPlayer } from "./players/sim";
import { parseDisplayLatency, type SimDisplayOptions } from "./players/sim-display";
import type { Player } from "./players/types";
import { type EdgeRouter, runSession, SessionStop } from "./run-session";
import { gpioSource } from "./sources/gpio";
import { replaySource } from "./sources/replay";
import { simSource } from "./sources/sim-source";
import type { Source } from "./sources/types";
import { udpSource } from "./sources/udp";
import { Spool } from "./spool";
import { type Log, Uplink } from "./uplink";
import { cachedVideo } from "./video-cache";

export const AGENT_VERSION = "0.1.0";

const usage = `Usage: sightline-agent --server URL --token TOKEN [options]

  --server URL            the Sightline server (e.g. http://sightline.local:3000)
  --token TOKEN           the rig's token, shown once when the rig was created
                          (or set SIGHTLINE_RIG_TOKEN, which keeps it out of the process list)
  --source gpio|udp|sim|replay   where the camera's detection signal comes from (default sim)
  --player mpv|none|sim   how videos are shown to the camera (default: sim for the sim source, else mpv)
  --spool DIR             events not yet acknowledged (default ~/.cache/sightline-agent/spool)
  --cache DIR             downloaded videos (default ~/.cache/sightline-agent/videos)
  --event-log FILE        also write every emitted event to FILE (JSON lines)

  gpio:    --chip gpiochip0 --line 17 [--sync-line 18] [--active-low] [--debounce-ms 5]
           [--event-clock monotonic|hte]   (libgpiod v2; timestamps must share the anchor's clock)
           --sync-line: a photodiode on the screen — the sync pulse of --player none, and the
           flashes of a display calibration
  udp:     --udp-port 5005   (JSON {"edge","class","confidence"} or "detect [class] [confidence]")
  replay:  --replay FILE     (a gpiomon recording, or a CSV/JSON/text list of detection times)
  sim:     [--sim-seed 1] [--sim-miss-rate 0.05] [--sim-fp-per-minute 1] [--sim-retrigger-rate 0.1]
           [--sim-latency-ms 40-250] [--sim-classes]
  sim player: [--speed 1]   video time runs this many times real time
           [--sim-display-latency-ms 35±4]  a screen showing frames this late (mean ± SD, normal)
           [--sim-drift-ppm 0]              and running this much slow (+) or fast (−)`;

const log: Log = (level, message) => {
  process.stderr.write(`${new Date().toISOString()} ${level.padEnd(5)} ${message}\n`);
};

function fail(message: string): never {
  process.stderr.write(`sightline-agent: ${message}\n\n${usage}\n`);
  process.exit(2);
}

function number(value: string | undefined, flag: string, fallback: number, min = 0, max = Number.MAX_SAFE_INTEGER) {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isFinite(n) || n < min || n > max)
    fail(`${flag} must be a number between ${min} and ${max}, not "${value}"`);
  return n;
}

function eventClockOption(value: string | undefined): "monotonic" | "hte" | undefined {
  if (value === undefined || value === "monotonic" || value === "hte") return value;
  if (value === "realtime") {
    fail(
      "--event-clock realtime is refused: edge times must be on CLOCK_MONOTONIC, the clock of the playback anchor (use monotonic or hte)",
    );
  }
  fail(`--event-clock must be monotonic or hte, not "${value}"`);
}

function simDisplayOption(o: Record<string, string | boolean | undefined>): SimDisplayOptions | undefined {
  const latency = o["sim-display-latency-ms"] as string | undefined;
  const drift = o["sim-drift-ppm"] as string | undefined;
  if (latency === undefined && drift === undefined) return undefined;
  const parsed = latency === undefined ? { latencyMeanMs: 0, latencySdMs: 0 } : parseDisplayLatency(latency);
  if (!parsed) fail(`--sim-display-latency-ms takes MEAN or MEAN±SD in milliseconds, e.g. 35±4, not "${latency}"`);
  return {
    ...parsed,
    driftPpm: number(drift, "--sim-drift-ppm", 0, -100_000, 100_000),
    seed: number(o["sim-seed"] as string, "--sim-seed", 1),
  };
}

async function main() {
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({
      options: {
        server: { type: "string" },
        token: { type: "string" },
        source: { type: "string", default: "sim" },
        player: { type: "string" },
        spool: { type: "string" },
        cache: { type: "string" },
        "event-log": { type: "string" },
        chip: { type: "string" },
        line: { type: "string" },
        "sync-line": { type: "string" },
        "active-low": { type: "boolean", default: false },
        "debounce-ms": { type: "string" },
        "udp-port": { type: "string" },
        replay: { type: "string" },
        "sim-seed": { type: "string" },
        "sim-miss-rate": { type: "string" },
        "sim-fp-per-minute": { type: "string" },
        "sim-retrigger-rate": { type: "string" },
        "sim-latency-ms": { type: "string" },
        "sim-classes": { type: "boolean", default: false },
        "sim-display-latency-ms": { type: "string" },
        "sim-drift-ppm": { type: "string" },
        "event-clock": { type: "string" },
        speed: { type: "string" },
        help: { type: "boolean", default: false },
      },
      strict: true,
    });
  } catch (error) {
    fail((error as Error).message);
  }
  const o = parsed.values as Record<string, string | boolean | undefined>;
  if (o.help) {
    process.stdout.write(`${usage}\n`);
    return;
  }
  const server = o.server as string | undefined;
  const token = (o.token as string | undefined) ?? process.env.SIGHTLINE_RIG_TOKEN;
  if (!server) fail("--server is required");
  if (!/^https?:\/\//.test(server)) fail(`--server must be an http(s) URL, not "${server}"`);
  if (!token) fail("--token (or SIGHTLINE_RIG_TOKEN) is required");
  const home = path.join(os.homedir(), ".cache", "sightline-agent");

  const sourceName = o.source as string;
  let source: Source;
  const info = (message: string) => log("info", message);
  if (sourceName === "sim") {
    const [min, max] = ((o["sim-latency-ms"] as string | undefined) ?? "40-250").split("-").map(Number);
    if (!Number.isFinite(min) || !Number.isFinite(max) || (min as number) > (max as number)) {
      fail("--sim-latency-ms takes MIN-MAX in milliseconds, e.g. 40-250");
    }
    source = simSource({
      seed: number(o["sim-seed"] as string, "--sim-seed", 1),
      missRate: number(o["sim-miss-rate"] as string, "--sim-miss-rate", 0.05, 0, 1),
      falsePositivesPerMinute: number(o["sim-fp-per-minute"] as string, "--sim-fp-per-minute", 1),
      retriggerRate: number(o["sim-retrigger-rate"] as string, "--sim-retrigger-rate", 0.1, 0, 1),
      latencyMinMs: min as number,
      latencyMaxMs: max as number,
      withClass: Boolean(o["sim-classes"]),
    });
  } else if (sourceName === "gpio") {
    if (!o.chip || !o.line) fail("the gpio source needs --chip and --line");
    source = gpioSource({
      chip: o.chip as string,
      line: o.line as string,
      syncLine: o["sync-line"] as string | undefined,
      activeLow: Boolean(o["active-low"]),
      debounceMs: number(o["debounce-ms"] as string, "--debounce-ms", 0, 0, 1000),
      eventClock: eventClockOption(o["event-clock"] as string | undefined),
      log: (message) => log("warn", message),
    });
  } else if (sourceName === "udp") {
    source = udpSource(number(o["udp-port"] as string, "--udp-port", 5005, 1, 65535), info);
  } else if (sourceName === "replay") {
    if (!o.replay) fail("the replay source needs --replay FILE");
    source = replaySource(o.replay as string, info, o["sync-line"] as string | undefined);
  } else {
    fail(`--source must be gpio, udp, sim or replay, not "${sourceName}"`);
  }

  const playerName = (o.player as string | undefined) ?? (sourceName === "sim" ? "sim" : "mpv");
  const speed = number(o.speed as string, "--speed", 1, 0.01, 1000);
  let player: Player;
  if (playerName === "sim") player = simPlayer(speed, simDisplayOption(o));
  else if (playerName === "none") player = externalPlayer(info);
  else if (playerName === "mpv") player = mpvPlayer();
  else fail(`--player must be mpv, none or sim, not "${playerName}"`);

  const spool = new Spool((o.spool as string | undefined) ?? path.join(home, "spool"));
  const cacheDir = (o.cache as string | undefined) ?? path.join(home, "videos");
  const work = new AgentWork();
  // The source first: the rig comes online only once it can take a session.
  const router: EdgeRouter = { current: null };
  try {
    await source.start((edge) => router.current?.(edge));
  } catch (error) {
    log("error", (error as Error).message);
    process.exit(1);
  }
  const uplink = new Uplink(
    server,
    token,
    spool,
    log,
    { version: AGENT_VERSION, hostname: os.hostname(), source: sourceName, player: playerName },
    work,
  );

  let active: { sessionId: string; abort: AbortController; done: Promise<void> } | null = null;
  uplink.socket.on("session:assign", (raw, ack) => {
    const reply = typeof ack === "function" ? ack : () => {};
    const assignment = sessionAssignmentSchema.safeParse(raw);
    if (!assignment.success) return reply({ ok: false, error: "malformed session assignment" });
    if (active && active.sessionId !== assignment.data.sessionId) {
      return reply({ ok: false, error: `busy with session ${active.sessionId}` });
    }
    reply({ ok: true });
    if (active) return; // the same session again (the server resent it): already playing
    const abort = new AbortController();
    const done = runSession(
      assignment.data,
      {
        player,
        source,
        spool,
        uplink,
        work,
        log,
        speed,
        hasSyncLine: sourceName === "sim" || Boolean(o["sync-line"]),
        eventLog: o["event-log"] as string | undefined,
        videoFile: (a) =>
          playerName === "mpv" ? cachedVideo(cacheDir, a.video, server, token) : Promise.resolve(null),
      },
      router,
      abort.signal,
    ).finally(() => {
      active = null;
    });
    active = { sessionId: assignment.data.sessionId, abort, done };
  });
  uplink.socket.on("session:cancel", ({ sessionId, reason }) => {
    if (active?.sessionId === sessionId) active.abort.abort(new SessionStop("cancelled", reason));
  });

  const stop = async (why: string) => {
    log("info", `${why}: stopping`);
    active?.abort.abort(new SessionStop("agent-stopping", `the agent was stopped (${why})`));
    // A stopped session delivers its events and says so, within a few seconds (run-session.ts).
    await Promise.race([active?.done, new Promise((resolve) => setTimeout(resolve, 8000))]);
    source.stop();
    uplink.close();
    process.exit(0);
  };
  process.on("SIGINT", () => void stop("SIGINT"));
  process.on("SIGTERM", () => void stop("SIGTERM"));
}

void main();
