/**
 * Pushes a change to the browsers that watch it (Socket.IO namespace /live), after the change is
 * committed, through this process's Socket.IO server, whose PostgreSQL adapter reaches the web
 * processes the browsers are connected to (a worker-only process has one with no HTTP server).
 * Without one (the CLI, unit tests) there is nobody to tell.
 */
import type { Server } from "socket.io";
import { type LiveEvents, liveRooms } from "@/lib/live-events";
import { getSessionUser } from "../auth/session";
import { logger } from "../logger";
import { runtime, socketServer } from "../runtime/slot";

/** Makes `io` this process's Socket.IO server (kept in the runtime slot), or forgets it. */
export function setSocketServer(io: Server | undefined): void {
  runtime().io = io;
}

/** The room of a rig's sockets in namespace /rig, in whichever process holds them. */
export const rigRoom = (rigId: string) => `rig:${rigId}`;

/**
 * Closes a rig's sockets at once, in every process (its token was replaced, or it was disabled):
 * an agent with the old token cannot connect again. Each process also rechecks its sockets' tokens
 * every few seconds (rig-namespace.ts), should this message not reach it.
 */
export function disconnectRig(rigId: string): void {
  try {
    socketServer()?.of("/rig").in(rigRoom(rigId)).disconnectSockets(true);
  } catch (error) {
    logger.warn({ err: error, rigId }, "could not close a rig's sockets");
  }
}

/** Closes the /live sockets of this process whose session has ended (signed out, expired, user removed). */
export async function endSignedOutSockets(): Promise<void> {
  const io = socketServer();
  if (!io) return;
  for (const socket of io.of("/live").sockets.values()) {
    const headers = socket.data.headers as Headers | undefined;
    if (!headers) continue;
    const user = await getSessionUser(headers).catch(() => undefined);
    // undefined: the check itself failed (the database restarting); the next one decides.
    if (user === null) socket.disconnect(true);
  }
}

export function emitLive<E extends keyof LiveEvents>(rooms: string[], event: E, payload: Parameters<LiveEvents[E]>[0]) {
  try {
    const io = socketServer();
    if (!io) return;
    let target = io.of("/live").to(rooms[0] as string);
    for (const room of rooms.slice(1)) target = target.to(room);
    target.emit(event, payload as never);
  } catch (error) {
    // A failed push must not fail the change that was already committed.
    logger.warn({ err: error, event }, "could not push a live update");
  }
}

export function publishProjectChanged(payload: Parameters<LiveEvents["project:changed"]>[0]) {
  emitLive([liveRooms.projects, liveRooms.project(payload.projectId)], "project:changed", payload);
}

/** A session's state or position changed: the run's page updates its live panel. */
export function publishSessionChanged(session: {
  id: string;
  workflowId: string | null;
  videoId: string;
  rigId: string | null;
  status: string;
  positionMs: number;
}) {
  if (!session.workflowId) return;
  // The rigs page shows what each rig plays, so it hears of sessions too.
  emitLive([liveRooms.workflow(session.workflowId), liveRooms.rigs], "session:changed", {
    workflowId: session.workflowId,
    sessionId: session.id,
    videoId: session.videoId,
    rigId: session.rigId,
    status: session.status,
    positionMs: session.positionMs,
  });
}

export function publishRigChanged(rig: { id: string; name: string; status: string }) {
  emitLive([liveRooms.rigs], "rig:changed", { rigId: rig.id, name: rig.name, status: rig.status });
}
