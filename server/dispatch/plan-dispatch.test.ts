/**
 * The dispatcher's rules on their own: every open state of a session or rig ends within its
 * bound, an agent's own account overrides the server's records, a freshly restarted dispatcher
 * does not take reconnecting rigs for lost, and offers go to idle rigs in the runs' order.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  CALIBRATION_WAIT_MS,
  type DispatchCalibration,
  type DispatchInput,
  type DispatchRig,
  type DispatchRun,
  type DispatchSession,
  FINISH_TIMEOUT_MS,
  PREPARE_TIMEOUT_MS,
  planDispatch,
  RIG_SILENT_MS,
  STALL_MS,
  START_TIMEOUT_MS,
} from "./plan-dispatch";

const T0 = 1_000_000_000;
const run = (patch: Partial<DispatchRun> = {}): DispatchRun => ({
  id: "run",
  state: "execution",
  control: "running",
  maxReruns: 2,
  priority: 1,
  ...patch,
});
const session = (patch: Partial<DispatchSession> = {}): DispatchSession => ({
  id: "s1",
  workflowId: "run",
  videoId: "v1",
  rigId: null,
  status: "pending",
  attempt: 1,
  order: 0,
  createdAt: T0 - 60_000,
  offeredAt: null,
  startedAt: null,
  positionMs: 0,
  positionAt: null,
  ...patch,
});
const rig = (
  patch: Partial<Omit<DispatchRig, "agent">> & { agent?: Partial<DispatchRig["agent"]> } = {},
): DispatchRig => ({
  id: "r1",
  name: "bench 1",
  status: "online",
  lastSeenAt: T0 - 500,
  ...patch,
  agent: { sessionId: null, phase: "idle", since: T0 - 60_000, ...patch.agent },
});
/** What the database holds besides the step's view: by default, just the sessions in view. */
const input = (patch: Partial<Omit<DispatchInput, "runs">> & { runs?: DispatchRun[] } = {}): DispatchInput => {
  const sessions = patch.sessions ?? [];
  return {
    now: T0,
    watchingSince: T0 - 3_600_000,
    rigs: [],
    busyRigIds: new Set(sessions.filter((s) => s.rigId).map((s) => s.rigId as string)),
    agentSessions: new Map(sessions.map((s) => [s.id, { status: s.status, rigId: s.rigId }])),
    ...patch,
    sessions,
    runs: new Map((patch.runs ?? [run()]).map((r) => [r.id, r])),
  };
};
/** A session running on r1 since a minute ago, its position moving. */
const playing = (patch: Partial<DispatchSession> = {}) =>
  session({
    rigId: "r1",
    status: "running",
    offeredAt: T0 - 60_000,
    startedAt: T0 - 59_000,
    positionMs: 30_000,
    positionAt: T0 - 1000,
    ...patch,
  });
const playingRig = (patch: Partial<DispatchRig["agent"]> = {}) =>
  rig({ agent: { sessionId: "s1", phase: "playing", since: T0 - 59_000, ...patch } });

describe("planDispatch", () => {
  it("offers waiting sessions to idle rigs, most urgent run first, then in plan order", () => {
    const plan = planDispatch(
      input({
        runs: [run({ id: "low", priority: 0 }), run({ id: "high", priority: 3 })],
        sessions: [
          session({ id: "a", workflowId: "low", order: 0 }),
          session({ id: "b", workflowId: "high", order: 1 }),
          session({ id: "c", workflowId: "high", order: 0 }),
        ],
        rigs: [rig({ id: "r1", name: "A" }), rig({ id: "r2", name: "B" })],
      }),
    );
    expect(plan.offers).toEqual([
      { sessionId: "c", rigId: "r1" },
      { sessionId: "b", rigId: "r2" },
    ]);
  });

  it("offers nothing to a rig that is busy, quiet, disabled, offline, or not idle by its own account", () => {
    const plan = planDispatch(
      input({
        sessions: [playing(), session({ id: "w1" }), session({ id: "w2" })],
        rigs: [
          playingRig(),
          rig({ id: "quiet", lastSeenAt: T0 - RIG_SILENT_MS - 1 }),
          rig({ id: "off", status: "offline" }),
          rig({ id: "dis", status: "disabled" }),
          rig({ id: "fin", agent: { sessionId: "old", phase: "finishing" } }),
        ],
      }),
    );
    expect(plan.offers).toEqual([]);
  });

  it("interrupts a running session whose rig went quiet, and plays it again while attempts are left", () => {
    const quiet = rig({ lastSeenAt: T0 - RIG_SILENT_MS - 1, agent: { sessionId: "s1", phase: "playing" } });
    const plan = planDispatch(input({ sessions: [playing()], rigs: [quiet] }));
    expect(plan.interrupts).toEqual([
      {
        sessionId: "s1",
        rigId: "r1",
        reason: expect.stringMatching(/^interrupted: rig bench 1 was lost/),
        rerun: true,
      },
    ]);
    const last = planDispatch(input({ sessions: [playing({ attempt: 3 })], rigs: [quiet] }));
    expect(last.interrupts[0]?.rerun).toBe(false);
    // Quiet for less than the limit: nothing yet.
    const brief = rig({ lastSeenAt: T0 - RIG_SILENT_MS + 1, agent: { sessionId: "s1", phase: "playing" } });
    expect(planDispatch(input({ sessions: [playing()], rigs: [brief] })).interrupts).toEqual([]);
  });

  it("does not take rigs for lost before it has watched for the silence limit (a restarted server)", () => {
    const beforeCrash = rig({ lastSeenAt: T0 - 120_000, agent: { sessionId: "s1", phase: "playing" } });
    const fresh = planDispatch(input({ watchingSince: T0 - 2000, sessions: [playing()], rigs: [beforeCrash] }));
    expect(fresh.interrupts).toEqual([]);
    expect(fresh.offline).toEqual([]);
    const later = planDispatch(
      input({ watchingSince: T0 - RIG_SILENT_MS - 1, sessions: [playing()], rigs: [beforeCrash] }),
    );
    expect(later.interrupts).toHaveLength(1);
    expect(later.offline).toEqual(["r1"]);
    // Nor offers to a rig it has not heard from since it started watching.
    const idleBefore = rig({ lastSeenAt: T0 - 3000 });
    expect(planDispatch(input({ watchingSince: T0 - 2000, sessions: [session()], rigs: [idleBefore] })).offers).toEqual(
      [],
    );
  });

  it("interrupts at once a session the agent says it does not play (it restarted)", () => {
    const restarted = rig({ lastSeenAt: T0 - 100, agent: { sessionId: null, phase: "idle", since: T0 - 900 } });
    const plan = planDispatch(input({ sessions: [playing()], rigs: [restarted] }));
    expect(plan.interrupts[0]?.reason).toMatch(/is not playing it/);
    // The report must be newer than the offer by the grace period: one sent just before the
    // agent took the offer says nothing.
    const justOffered = playing({ offeredAt: T0 - 1000, startedAt: T0 - 900 });
    expect(planDispatch(input({ sessions: [justOffered], rigs: [restarted] })).interrupts).toEqual([]);
  });

  it("interrupts a stalled player and an agent that cannot deliver its events", () => {
    const stalled = playing({ positionAt: T0 - STALL_MS - 1, positionMs: 65_000 });
    expect(planDispatch(input({ sessions: [stalled], rigs: [playingRig()] })).interrupts[0]?.reason).toBe(
      `interrupted: playback stalled at 1:05 for ${Math.round((STALL_MS + 1) / 1000)} s`,
    );
    const finishing = playingRig({ phase: "finishing", since: T0 - FINISH_TIMEOUT_MS - 1 });
    expect(planDispatch(input({ sessions: [stalled], rigs: [finishing] })).interrupts[0]?.reason).toMatch(
      /could not deliver/,
    );
    const stillFinishing = playingRig({ phase: "finishing", since: T0 - 5000 });
    expect(planDispatch(input({ sessions: [stalled], rigs: [stillFinishing] })).interrupts).toEqual([]);
  });

  it("gives back an offer that was not taken up, and allows preparing (a download) its own bound", () => {
    const offered = (ago: number) => session({ rigId: "r1", offeredAt: T0 - ago });
    const idleNow = rig({ lastSeenAt: T0 - 100 });
    expect(planDispatch(input({ sessions: [offered(5000)], rigs: [idleNow] })).releases[0]?.reason).toMatch(
      /did not take it/,
    );
    const silentSince = rig({ lastSeenAt: T0 - 5000 + 1000 });
    expect(planDispatch(input({ sessions: [offered(5000)], rigs: [silentSince] })).releases).toEqual([]);
    // An offer still on its way: the agent's report (sent before it arrived) says nothing of it.
    const delivering = new Set(["s1"]);
    expect(planDispatch(input({ sessions: [offered(5000)], rigs: [idleNow], delivering })).releases).toEqual([]);
    // but a rig gone quiet meanwhile still gives it back.
    const quiet = rig({ lastSeenAt: T0 - RIG_SILENT_MS - 1 });
    expect(planDispatch(input({ sessions: [offered(5000)], rigs: [quiet], delivering })).releases[0]?.reason).toMatch(
      /went quiet/,
    );
    const preparing = rig({ agent: { sessionId: "s1", phase: "preparing" } });
    expect(planDispatch(input({ sessions: [offered(START_TIMEOUT_MS + 1)], rigs: [preparing] })).releases).toEqual([]);
    expect(
      planDispatch(input({ sessions: [offered(PREPARE_TIMEOUT_MS + 1)], rigs: [preparing] })).releases[0]?.reason,
    ).toMatch(/could not prepare it/);
    // It says it plays it, but its start never reached the server: given back after the bound.
    const unstarted = rig({ agent: { sessionId: "s1", phase: "playing" } });
    expect(planDispatch(input({ sessions: [offered(START_TIMEOUT_MS - 1)], rigs: [unstarted] })).releases).toEqual([]);
    expect(
      planDispatch(input({ sessions: [offered(START_TIMEOUT_MS + 1)], rigs: [unstarted] })).releases[0]?.reason,
    ).toMatch(/did not start it within 30 s/);
  });

  it("closes the open sessions of runs that ended or were cancelled, and tells the rig to stop", () => {
    for (const ended of [run({ control: "cancelled", state: "cancelled" }), run({ state: "failed" })]) {
      const plan = planDispatch(
        input({ runs: [ended], sessions: [playing(), session({ id: "w" })], rigs: [playingRig()] }),
      );
      expect(plan.cancels.map((c) => c.sessionId).sort()).toEqual(["s1", "w"]);
      expect(plan.stops).toEqual([{ rigId: "r1", sessionId: "s1", reason: plan.cancels[0]?.reason }]);
      expect(plan.offers).toEqual([]);
    }
  });

  it("tells an agent to stop a session that is closed or is not its own", () => {
    const closed = new Map([["s1", { status: "completed", rigId: "r1" }]]);
    const plan = planDispatch(input({ sessions: [], rigs: [playingRig()], agentSessions: closed }));
    expect(plan.stops).toEqual([
      { rigId: "r1", sessionId: "s1", reason: "the server closed this session (completed)" },
    ]);
    expect(planDispatch(input({ sessions: [], rigs: [playingRig()] })).stops[0]?.reason).toBe(
      "the server has no such session",
    );
    const elsewhere = planDispatch(
      input({ sessions: [playing({ rigId: "r2" })], rigs: [playingRig(), rig({ id: "r2", name: "two" })] }),
    );
    expect(elsewhere.stops.map((s) => s.rigId)).toEqual(["r1"]);
  });

  it("ends every open state within its bound, whatever the rig reports (property)", () => {
    const phases = ["idle", "preparing", "playing", "finishing", null] as const;
    fc.assert(
      fc.property(
        fc.constantFrom(...phases),
        fc.boolean(),
        fc.constantFrom("pending", "running"),
        fc.integer({ min: 0, max: 2_000_000 }),
        (phase, mine, status, quietFor) => {
          // A session and a rig frozen in some state, looked at long enough later.
          const later = T0 + PREPARE_TIMEOUT_MS + FINISH_TIMEOUT_MS + 1;
          const frozen = session({ rigId: "r1", status, offeredAt: T0, startedAt: status === "running" ? T0 : null });
          const r = rig({ lastSeenAt: later - quietFor, agent: { sessionId: mine ? "s1" : null, phase, since: T0 } });
          const plan = planDispatch(input({ now: later, sessions: [frozen], rigs: [r] }));
          return [...plan.interrupts, ...plan.releases, ...plan.cancels].some((a) => a.sessionId === "s1");
        },
      ),
    );
  });

  it("leaves alone what it cannot see this step: a session held by a rig message is not stopped, its rig not offered", () => {
    // The session r1 plays is open in the database but was locked when the step read (not in view).
    const plan = planDispatch(
      input({
        sessions: [session({ id: "waiting" })],
        rigs: [playingRig(), rig({ id: "r2", name: "two" })],
        busyRigIds: new Set(["r1"]),
        agentSessions: new Map([["s1", { status: "running", rigId: "r1" }]]),
      }),
    );
    expect(plan.stops).toEqual([]);
    expect(plan.interrupts).toEqual([]);
    expect(plan.offers).toEqual([{ sessionId: "waiting", rigId: "r2" }]);
    // An idle-looking rig whose offered session is out of view is still busy.
    const offeredOutOfView = planDispatch(
      input({ sessions: [session({ id: "waiting" })], rigs: [rig()], busyRigIds: new Set(["r1"]) }),
    );
    expect(offeredOutOfView.offers).toEqual([]);
  });

  it("offers nothing of a paused run, lets its playing session go on, and offers again once resumed", () => {
    const paused = run({ id: "paused", control: "paused", priority: 9 });
    const other = run({ id: "other", priority: 1 });
    const sessions = [
      session({ id: "p-wait", workflowId: "paused" }),
      playing({ id: "p-play", workflowId: "paused" }),
      session({ id: "o-wait", workflowId: "other" }),
    ];
    const rigs = [playingRig({ sessionId: "p-play" }), rig({ id: "r2", name: "bench 2" })];
    const step = planDispatch(input({ runs: [paused, other], sessions, rigs }));
    expect(step.offers).toEqual([{ sessionId: "o-wait", rigId: "r2" }]);
    expect(step.interrupts).toEqual([]);
    expect(step.cancels).toEqual([]);
    const resumed = planDispatch(
      input({ runs: [run({ id: "paused", priority: 9 }), other], sessions: sessions.slice(0, 2), rigs }),
    );
    expect(resumed.offers).toEqual([{ sessionId: "p-wait", rigId: "r2" }]);
  });

  it("gives a calibration its rig before any run's session, bounds every calibration state, and lets one play", () => {
    const calibration = (patch: Partial<DispatchCalibration> = {}): DispatchCalibration => ({
      id: "c1",
      rigId: "r1",
      status: "pending",
      createdAt: T0 - 1000,
      offeredAt: null,
      startedAt: null,
      positionMs: 0,
      positionAt: null,
      ...patch,
    });
    const waiting = [session({ id: "waiting" })];
    // The free rig takes the calibration; the run's session waits for another rig.
    const first = planDispatch(input({ sessions: waiting, rigs: [rig()], calibrations: [calibration()] }));
    expect(first.calibrationOffers).toEqual([{ calibrationId: "c1", rigId: "r1" }]);
    expect(first.offers).toEqual([]);
    // A rig busy with a run's session keeps it; the calibration waits (within its bound).
    const busy = planDispatch(input({ sessions: [playing()], rigs: [playingRig()], calibrations: [calibration()] }));
    expect(busy.calibrationOffers).toEqual([]);
    expect(busy.calibrationFailures).toEqual([]);
    const tooLong = planDispatch(
      input({
        rigs: [rig({ status: "offline", lastSeenAt: null })],
        calibrations: [calibration({ createdAt: T0 - CALIBRATION_WAIT_MS - 1 })],
      }),
    );
    expect(tooLong.calibrationFailures[0]?.reason).toMatch(/not online and free within 1800 s/);
    // Offered and never started.
    const notStarted = planDispatch(
      input({ rigs: [rig()], calibrations: [calibration({ offeredAt: T0 - START_TIMEOUT_MS - 1 })] }),
    );
    expect(notStarted.calibrationFailures[0]?.reason).toMatch(/did not take it/);
    // The same report while the offer is on its way does not fail it.
    const onItsWay = planDispatch(
      input({
        rigs: [rig()],
        calibrations: [calibration({ offeredAt: T0 - START_TIMEOUT_MS - 1 })],
        delivering: new Set(["c1"]),
      }),
    );
    expect(onItsWay.calibrationFailures).toEqual([]);
    // Playing: the agent's calibration is not stopped, and its rig is offered nothing else.
    const calibrating = rig({ agent: { sessionId: "c1", phase: "playing", since: T0 - 5000 } });
    const running = calibration({
      status: "running",
      offeredAt: T0 - 6000,
      startedAt: T0 - 5000,
      positionMs: 4000,
      positionAt: T0 - 500,
    });
    const plays = planDispatch(
      input({
        sessions: waiting,
        rigs: [calibrating],
        calibrations: [running],
        agentSessions: new Map([["c1", { status: "running", rigId: "r1" }]]),
      }),
    );
    expect(plays.stops).toEqual([]);
    expect(plays.calibrationFailures).toEqual([]);
    expect(plays.offers).toEqual([]);
    // A stalled calibration fails (it is never replayed) and its agent is told to stop.
    const stalled = planDispatch(
      input({
        rigs: [calibrating],
        calibrations: [{ ...running, positionAt: T0 - STALL_MS - 1 }],
        agentSessions: new Map([["c1", { status: "running", rigId: "r1" }]]),
      }),
    );
    expect(stalled.calibrationFailures[0]?.reason).toMatch(/^playback stalled/);
    expect(stalled.stops).toEqual([{ rigId: "r1", sessionId: "c1", reason: expect.stringMatching(/stalled/) }]);
  });
});
