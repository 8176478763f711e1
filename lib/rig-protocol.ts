/**
 * The rig protocol (DESIGN §6): every message between an edge agent and the server's `/rig`
 * namespace, as zod schemas. The one definition, imported by the agent and the server alike;
 * the server validates every message with it and answers a bad one with an error, writing
 * nothing. Rig times are CLOCK_MONOTONIC nanoseconds, sent as decimal strings (they exceed
 * 2^53); video times are integer microseconds from the session's anchor.
 */
import { z } from "zod";
import { calibrationSignals } from "./states";

/**
 * 2: heartbeats (what the agent plays, once a second), the agent's state in the handshake,
 * retryable error replies, and `interrupted` as a way to end a session.
 * 3: calibration sessions (an assignment with `calibration`, no run), the clock sampled through
 * every session and sent with its end, the source and its event clock sent with its start.
 */
export const PROTOCOL_VERSION = 3;
/** Clock samples per session: one a second for two hours (a longer session sends every other one). */
export const MAX_CLOCK_SAMPLES = 7200;
/** Events per batch: a larger batch is refused whole ("send at most … per batch"). */
const MAX_BATCH_EVENTS = 1000;
/** Socket.IO's limit on one message, bytes; the server refuses larger ones at the transport. */
export const MAX_MESSAGE_BYTES = 1_000_000;

const INT64_MAX = 2n ** 63n - 1n;
/** Integer nanoseconds as a decimal string, within PostgreSQL's bigint (where they are stored). */
const nanoseconds = z
  .string()
  .regex(/^-?\d{1,19}$/, "must be integer nanoseconds as a decimal string")
  // Zod runs this check also where the pattern failed: BigInt("1.5") would throw out of safeParse.
  .refine(
    (ns) => !/^-?\d{1,19}$/.test(ns) || (BigInt(ns) <= INT64_MAX && BigInt(ns) >= -INT64_MAX),
    "is beyond 64-bit nanoseconds",
  );
/** Text as PostgreSQL stores it: no NUL character. */
const text = (max: number) =>
  z
    .string()
    .min(1)
    .max(max)
    .refine((s) => !s.includes("\u0000"), "must not contain a NUL character");
const sessionId = z.uuid("sessionId must be a UUID");

/** What an agent is doing: waiting, fetching a session's video, playing it, or delivering its events. */
const agentPhases = ["idle", "preparing", "playing", "finishing"] as const;
export type AgentPhase = (typeof agentPhases)[number];

/**
 * The agent's own account of its work, sent at every connection (in the handshake) and once a
 * second (`heartbeat`): the server compares it with the sessions it gave the rig, so a session
 * that the agent no longer plays (it restarted, or never got the offer) is found at once.
 */
const agentStateSchema = z
  .object({
    /** The session it is working on, or null when idle. */
    sessionId: sessionId.nullable(),
    phase: z.enum(agentPhases),
    /** How long it has been in this phase. */
    phaseMs: z
      .number()
      .int()
      .min(0)
      .max(30 * 86_400_000),
    /** Playback position of the session (while playing). */
    positionMs: z
      .number()
      .int()
      .min(0)
      .max(24 * 3_600_000),
  })
  .strict();
export type AgentState = z.infer<typeof agentStateSchema>;

/** Sent in the Socket.IO handshake (`auth`). */
export const rigHandshakeSchema = z.object({
  token: z.string().min(1, "a rig token is required"),
  protocol: z.literal(PROTOCOL_VERSION, {
    error: `this server speaks rig protocol ${PROTOCOL_VERSION}: download the agent again from <server>/agent/sightline-agent.mjs`,
  }),
  state: agentStateSchema.optional(),
  agent: z
    .object({
      version: z.string().max(40),
      hostname: z.string().max(255),
      source: z.string().max(40),
      player: z.string().max(40),
    })
    .partial()
    .default({}),
});

/** What an agent says of itself at connection (kept on the rig as its capabilities). */
export type AgentIdentity = z.output<typeof rigHandshakeSchema>["agent"];

export const detectionEventSchema = z
  .object({
    /** Per session, from 0, one per event in the order the agent read them; never reused. */
    seq: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
    line: text(64),
    edge: z.enum(["rising", "falling"]),
    videoTimeUs: z
      .number()
      .int()
      .min(-3_600_000_000)
      .max(24 * 3_600_000_000),
    /** When the edge happened (the kernel's timestamp, or the read time where the source has none). */
    rigMonotonicNs: nanoseconds,
    /** When the agent read it. */
    readMonotonicNs: nanoseconds,
    class: text(64).nullish(),
    confidence: z.number().min(0).max(1).nullish(),
  })
  .strict();
export type RigDetectionEvent = z.infer<typeof detectionEventSchema>;

const EVENT_KEYS = new Set([
  "seq",
  "line",
  "edge",
  "videoTimeUs",
  "rigMonotonicNs",
  "readMonotonicNs",
  "class",
  "confidence",
]);
const isText = (v: unknown, max: number) =>
  typeof v === "string" && v.length >= 1 && v.length <= max && !v.includes("\u0000");
/** Up to 18 digits always fit a 64-bit integer; 19 may not, and are left to the schema's check. */
const isShortNanoseconds = (v: unknown) => typeof v === "string" && /^-?\d{1,18}$/.test(v);

/**
 * Whether an event is well formed by `detectionEventSchema`, checked by hand: a rig streams
 * thousands of events a second and the schema's generic walk was the largest cost of taking
 * them. True only where the schema would accept the event as it is (its output is then the same
 * fields); false sends the event through the schema, which accepts it or names what is wrong.
 */
export function isWellFormedEvent(value: unknown): value is RigDetectionEvent {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  if (Object.getPrototypeOf(value) !== Object.prototype) return false;
  for (const key of Object.keys(value)) if (!EVENT_KEYS.has(key)) return false;
  const e = value as Record<string, unknown>;
  const seq = e.seq;
  const videoTimeUs = e.videoTimeUs;
  const confidence = e.confidence;
  return (
    typeof seq === "number" &&
    Number.isSafeInteger(seq) &&
    seq >= 0 &&
    isText(e.line, 64) &&
    (e.edge === "rising" || e.edge === "falling") &&
    typeof videoTimeUs === "number" &&
    Number.isSafeInteger(videoTimeUs) &&
    videoTimeUs >= -3_600_000_000 &&
    videoTimeUs <= 24 * 3_600_000_000 &&
    isShortNanoseconds(e.rigMonotonicNs) &&
    isShortNanoseconds(e.readMonotonicNs) &&
    (e.class === undefined || e.class === null || isText(e.class, 64)) &&
    (confidence === undefined ||
      confidence === null ||
      (typeof confidence === "number" && confidence >= 0 && confidence <= 1))
  );
}

/**
 * A batch as the server first reads it: its events are checked one by one
 * (`detectionEventSchema`), so that one bad event is refused by its seq and the rest are taken.
 */
export const eventBatchSchema = z
  .object({
    sessionId,
    events: z
      .array(z.unknown())
      .min(1, "a batch holds at least one event")
      .max(MAX_BATCH_EVENTS, `send at most ${MAX_BATCH_EVENTS} events per batch`),
  })
  .strict();

/**
 * A refusal with `retry` is the server's own trouble (its database, say): the same message may
 * succeed later and must be sent again. Without it, sending the same message again cannot help.
 */
export type EventBatchAck =
  | { ok: true; stored: number; duplicates: number; acked: number[] }
  | { ok: false; error: string; retry?: boolean; refused?: { seq: number; error: string }[] };

export const sessionStartedSchema = z
  .object({
    sessionId,
    anchorSource: z.enum(["player", "sync-pulse", "operator", "sim"]),
    anchorMonotonicNs: nanoseconds,
    /** Server clock − agent clock, from socket round trips (null until measured). */
    clockOffsetNs: nanoseconds.nullish(),
    /** The source of the detection signal (gpio, udp, sim, replay) and the clock of its timestamps. */
    source: text(40).nullish(),
    eventClock: text(160).nullish(),
  })
  .strict();

/**
 * One round trip to the server's clock during a session: when (µs after the anchor on the rig's
 * clock — the video time at normal speed), the offset it gave
 * (server clock − agent clock) and the round trip's length, which bounds that offset's error.
 */
const clockSampleSchema = z
  .object({
    atUs: z
      .number()
      .int()
      .min(-3_600_000_000)
      .max(24 * 3_600_000_000),
    offsetNs: nanoseconds,
    rttNs: z.number().int().min(0).max(60_000_000_000),
  })
  .strict();
export type ClockSample = z.infer<typeof clockSampleSchema>;

export const heartbeatSchema = agentStateSchema;

export const sessionFinishedSchema = z
  .object({
    sessionId,
    /**
     * `interrupted`: the rig stopped before the end for a reason of its own (the agent was
     * stopped); the server plays the video again. `failed`: playback itself failed.
     */
    status: z.enum(["completed", "failed", "interrupted"]),
    /** Events the agent emitted for the session (the server checks it holds them all). */
    emitted: z.number().int().min(0),
    error: z.string().max(2000).nullish(),
    /** The clock samples taken through the session (at least one a second while it played). */
    clock: z.array(clockSampleSchema).max(MAX_CLOCK_SAMPLES).nullish(),
  })
  .strict();

export const clockPingSchema = z.object({ agentNs: nanoseconds }).strict();
export type ClockPong = { agentNs: string; serverNs: string };

/**
 * What the server asks of a rig: play one video and report its detections — or, for a
 * calibration (no run), play the calibration video and report the edges of `signal`: the sync
 * line (a photodiode on the patch) or the camera's line. `flashesUs`: when each flash starts
 * (video time), for the simulated display; a real rig has the video.
 */
export const sessionAssignmentSchema = z.object({
  sessionId,
  workflowId: z.uuid().nullable(),
  calibration: z
    .object({ signal: z.enum(calibrationSignals), flashesUs: z.array(z.number()), flashUs: z.number() })
    .optional(),
  video: z.object({
    id: z.uuid(),
    fileName: z.string(),
    sha256: z.string(),
    durationMs: z.number().int().nullable(),
    url: z.string(),
  }),
  /** For the simulated camera only: the ground truth it reacts to. */
  groundTruth: z.array(z.object({ onsetUs: z.number(), offsetUs: z.number(), class: z.string() })).optional(),
});
export type SessionAssignment = z.infer<typeof sessionAssignmentSchema>;

export type Ack = { ok: true } | { ok: false; error: string; retry?: boolean };

/** Events the agent sends; each takes an acknowledgement callback. */
export type AgentToServer = {
  "session:started": (message: z.input<typeof sessionStartedSchema>, ack: (reply: Ack) => void) => void;
  events: (batch: z.input<typeof eventBatchSchema>, ack: (reply: EventBatchAck) => void) => void;
  heartbeat: (message: z.input<typeof heartbeatSchema>) => void;
  "session:finished": (message: z.input<typeof sessionFinishedSchema>, ack: (reply: Ack) => void) => void;
  clock: (message: z.input<typeof clockPingSchema>, ack: (reply: ClockPong | Ack) => void) => void;
};

/** Events the server sends. */
export type ServerToAgent = {
  "session:assign": (assignment: SessionAssignment, ack: (reply: Ack) => void) => void;
  "session:cancel": (message: { sessionId: string; reason: string }) => void;
};

/** The first zod issue as one sentence: what was wrong, where. */
export function describeIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return "invalid message";
  const where = issue.path.length ? `${issue.path.join(".")}: ` : "";
  return `${where}${issue.message}`;
}
