/**
 * Pushes a change to the browsers that watch it (Socket.IO namespace /live). Called after the
 * change is committed. Without a Socket.IO server (the CLI, unit tests) there is nobody to tell.
 */
import type { Server } from "socket.io";
import { logger } from "../logger";
import { type LiveEvents, liveRooms } from "./live-events";

const holder = globalThis as { __sightlineIo?: Server };

export function setSocketServer(io: Server | undefined): void {
  holder.__sightlineIo = io;
}

export function getSocketServer(): Server | undefined {
  return holder.__sightlineIo;
}

export function publishProjectChanged(payload: Parameters<LiveEvents["project:changed"]>[0]) {
  const io = holder.__sightlineIo;
  if (!io) return;
  try {
    io.of("/live").to(liveRooms.projects).to(liveRooms.project(payload.projectId)).emit("project:changed", payload);
  } catch (error) {
    // A failed push must not fail the change that was already committed.
    logger.warn({ err: error }, "could not push project change");
  }
}
