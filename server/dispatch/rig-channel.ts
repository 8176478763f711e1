/**
 * How the dispatcher reaches rigs: offer a session (true when the rig's agent accepted it) and
 * tell a rig to stop one. The Socket.IO channel (server/realtime/rig-channel.ts) goes through the
 * rig's room on any process, by way of the PostgreSQL adapter; tests can pass their own.
 */
import type { SessionAssignment } from "@/lib/rig-protocol";

export type RigChannel = {
  offer(rigId: string, assignment: SessionAssignment): Promise<boolean>;
  stop(rigId: string, sessionId: string, reason: string): void;
};
