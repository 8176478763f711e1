/** The dispatcher's channel to rigs over Socket.IO: each rig's room, in whichever process holds its socket. */
import type { Server } from "socket.io";
import type { SessionAssignment } from "@/lib/rig-protocol";
import type { RigChannel } from "../dispatch/rig-channel";
import { logger } from "../logger";
import { rigRoom } from "./publish";

/** An agent answers an offer at once; one that does not within this long is passed over. */
const OFFER_TIMEOUT_MS = 5000;

export function socketRigChannel(io: () => Server | undefined): RigChannel {
  return {
    async offer(rigId: string, assignment: SessionAssignment): Promise<boolean> {
      const server = io();
      if (!server) return false;
      try {
        const replies = (await server
          .of("/rig")
          .to(rigRoom(rigId))
          .timeout(OFFER_TIMEOUT_MS)
          .emitWithAck("session:assign", assignment)) as { ok: boolean; error?: string }[];
        const accepted = replies.some((r) => r.ok);
        if (!accepted) logger.info({ rigId, session: assignment.sessionId, replies }, "rig did not take the session");
        return accepted;
      } catch (error) {
        logger.info({ err: error, rigId, session: assignment.sessionId }, "rig did not answer the session offer");
        return false;
      }
    },
    stop(rigId: string, sessionId: string, reason: string): void {
      io()?.of("/rig").to(rigRoom(rigId)).emit("session:cancel", { sessionId, reason });
    },
  };
}
