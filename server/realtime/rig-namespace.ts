/**
 * Namespace /rig: the edge agents. A socket must present a valid rig token in its handshake or
 * it is refused with the reason. Every message is validated against the protocol's schemas
 * (lib/rig-protocol.ts); a bad one gets an error reply and changes nothing. Each rig joins its own
 * room (`rig:<id>`), through which the execution sends it sessions from any process.
 */
import type { Namespace, Server, Socket } from "socket.io";
import type { z } from "zod";
import {
  type AgentState,
  type AgentToServer,
  clockPingSchema,
  describeIssue,
  eventBatchSchema,
  heartbeatSchema,
  rigHandshakeSchema,
  type ServerToAgent,
  sessionFinishedSchema,
  sessionStartedSchema,
} from "@/lib/rig-protocol";
import { logger } from "../logger";
import { metrics } from "../metrics/metrics";
import {
  calibrationById,
  finishCalibration,
  ingestCalibrationEdges,
  startCalibration,
} from "../services/calibrations/calibration-session";
import { ingestEvents } from "../services/rigs/ingest-events";
import {
  findRigByToken,
  markSessionFinished,
  markSessionStarted,
  rigTokens,
  setRigPresence,
} from "../services/rigs/rig-presence";
import { hashRigToken } from "../services/rigs/rig-token";
import { rigRoom } from "./publish";
import { heartbeatInOrder, inRigOrder } from "./rig-state-writes";
import { observeStored } from "./session-monitor";

/**
 * How often each process checks that its rigs' sockets still hold a valid token: a rotated
 * token or a disabled rig ends the socket (at once in the process that made the change).
 */
const TOKEN_RECHECK_MS = 5_000;

type RigSocket = Socket<
  AgentToServer,
  ServerToAgent,
  Record<string, never>,
  { rig: { id: string; name: string; tokenHash: string } }
>;

/**
 * Runs a handler on a validated message and replies; failures become error replies, never
 * crashes. A failure of the server's own (its database, say) is marked `retry`: the agent sends
 * the same message again after a pause.
 */
function handle<S extends z.ZodType, R>(
  socket: RigSocket,
  event: string,
  schema: S,
  run: (message: z.output<S>) => Promise<R>,
) {
  socket.on(
    event as never,
    (async (payload: unknown, ack?: unknown) => {
      const reply = typeof ack === "function" ? (ack as (r: unknown) => void) : () => {};
      const parsed = schema.safeParse(payload);
      if (!parsed.success) {
        reply({ ok: false, error: `Bad ${event} message: ${describeIssue(parsed.error)}` });
        return;
      }
      try {
        reply(await run(parsed.data));
      } catch (error) {
        logger.error({ err: error, rig: socket.data.rig?.name, event }, "rig message failed");
        reply({ ok: false, retry: true, error: `The server could not store this ${event} message; send it again.` });
      }
    }) as never,
  );
}

export function attachRigNamespace(io: Server): Namespace {
  const rigs = io.of("/rig") as unknown as Namespace<AgentToServer, ServerToAgent>;
  rigs.use(async (socket, next) => {
    const parsed = rigHandshakeSchema.safeParse(socket.handshake.auth);
    if (!parsed.success) return next(new Error(`Refused: ${describeIssue(parsed.error)}`));
    try {
      const rig = await findRigByToken(parsed.data.token);
      if (!rig) {
        return next(
          new Error(
            "Refused: this rig token is not valid. Create the rig in Sightline (Rigs) and use the token shown.",
          ),
        );
      }
      if (rig.status === "disabled") return next(new Error(`Refused: rig ${rig.name} is disabled.`));
      socket.data.rig = { id: rig.id, name: rig.name, tokenHash: hashRigToken(parsed.data.token) };
      socket.data.agent = parsed.data.agent;
      socket.data.state = parsed.data.state;
      next();
    } catch (error) {
      logger.error({ err: error }, "rig handshake failed");
      next(new Error("The server could not check the token; the agent retries."));
    }
  });

  rigs.on("connection", (raw) => {
    const socket = raw as unknown as RigSocket;
    const rig = socket.data.rig;
    void socket.join(rigRoom(rig.id));
    const { agent, state } = raw.data as { agent?: Record<string, unknown>; state?: AgentState };
    inRigOrder(rig.id, () => setRigPresence(rig.id, true, agent, state));
    logger.info({ rig: rig.name }, "rig connected");

    handle(socket, "events", eventBatchSchema, async (batch) => {
      const { ack, stored, failSession, unknownSession } = await ingestEvents(rig.id, batch);
      // Not a run's session: a calibration's, looked up only then (runs' batches pay nothing).
      const calibration = unknownSession ? await calibrationById(batch.sessionId) : null;
      if (calibration) return ingestCalibrationEdges(rig.id, calibration, batch);
      if (failSession) {
        // The dispatcher then stops the agent's playback of it.
        await markSessionFinished(rig.id, {
          sessionId: batch.sessionId,
          status: "failed",
          emitted: 0,
          error: failSession,
        });
      }
      metrics().detectionsIngested.inc(stored.length);
      void observeStored(batch.sessionId, stored);
      return ack;
    });
    // A calibration (server/services/calibrations) is a session of its own, outside any run.
    handle(socket, "session:started", sessionStartedSchema, async (message) =>
      (await calibrationById(message.sessionId))
        ? startCalibration(rig.id, message)
        : markSessionStarted(rig.id, message),
    );
    handle(socket, "session:finished", sessionFinishedSchema, async (message) => {
      const calibration = await calibrationById(message.sessionId);
      return calibration ? finishCalibration(rig.id, calibration, message) : markSessionFinished(rig.id, message);
    });
    handle(socket, "clock", clockPingSchema, async (message) => ({
      agentNs: message.agentNs,
      serverNs: process.hrtime.bigint().toString(),
    }));
    // No reply: a heartbeat that is lost or fails is followed by the next one a second later.
    socket.on("heartbeat", (payload: unknown) => {
      const parsed = heartbeatSchema.safeParse(payload);
      if (!parsed.success) return;
      heartbeatInOrder(rig.id, parsed.data);
    });

    socket.on("disconnect", (reason) => {
      logger.info({ rig: rig.name, reason }, "rig disconnected");
      void rigs
        .in(rigRoom(rig.id))
        .fetchSockets()
        .then((left) => {
          if (left.length === 0) inRigOrder(rig.id, () => setRigPresence(rig.id, false));
        })
        .catch((error) => logger.warn({ err: error, rig: rig.name }, "could not mark the rig offline"));
    });
  });
  const recheck = setInterval(() => void endStaleRigSockets(rigs as unknown as Namespace), TOKEN_RECHECK_MS);
  recheck.unref();
  io.engine.on("close", () => clearInterval(recheck));
  return rigs as unknown as Namespace;
}

/** Ends the sockets whose rig has another token now, is disabled, or is gone. */
async function endStaleRigSockets(namespace: Namespace, onlyRigId?: string): Promise<void> {
  try {
    const local = [...namespace.sockets.values()].filter(
      (s) => s.data.rig && (!onlyRigId || s.data.rig.id === onlyRigId),
    );
    if (local.length === 0) return;
    const current = await rigTokens([...new Set(local.map((s) => s.data.rig.id as string))]);
    for (const socket of local) {
      const rig = current.get(socket.data.rig.id);
      if (rig && rig.tokenHash === socket.data.rig.tokenHash && rig.status !== "disabled") continue;
      logger.info({ rig: socket.data.rig.name }, "rig token no longer valid: socket closed");
      socket.disconnect(true);
    }
  } catch (error) {
    logger.warn({ err: error }, "could not recheck the rigs' tokens");
  }
}
