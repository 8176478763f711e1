/**
 * The Socket.IO server on Sightline's HTTP server. Namespace /live serves signed-in browsers:
 * they join rooms (all projects, one project) and receive changes as they are committed. Only a
 * page of this server may connect (a browser names it in Origin), and a socket lasts only as
 * long as its session: each is rechecked every SESSION_RECHECK_MS (at once after a sign-out in
 * this process), and closed once its session has ended.
 */
import type { Server as HttpServer } from "node:http";
import { Server } from "socket.io";
import { isLiveRoom, type LiveClientEvents, type LiveEvents } from "@/lib/live-events";
import { MAX_MESSAGE_BYTES } from "@/lib/rig-protocol";
import { getSessionUser } from "../auth/session";
import { env } from "../env";
import { logger } from "../logger";
import { isSameOrigin } from "../web/same-origin";
import { endSignedOutSockets } from "./publish";
import { attachRigNamespace } from "./rig-namespace";

export function createSocketServer(httpServer: HttpServer): Server {
  // Larger than the rig protocol's biggest valid batch, so an oversized one reaches validation
  // and gets a clear refusal instead of a dropped connection.
  const io = new Server(httpServer, { serveClient: false, maxHttpBufferSize: 8 * MAX_MESSAGE_BYTES });
  attachRigNamespace(io);
  const live = io.of("/live");
  live.use(async (socket, next) => {
    try {
      const { origin, host } = socket.handshake.headers;
      // Browsers always name the page on a cross-site connection; no Origin is a same-site one.
      if (origin !== undefined && !isSameOrigin(origin, host, env.SIGHTLINE_PUBLIC_URL)) {
        return next(new Error(`Live updates are for Sightline's own pages, not ${origin}.`));
      }
      const headers = new Headers();
      for (const [key, value] of Object.entries(socket.handshake.headers)) {
        if (typeof value === "string") headers.set(key, value);
        else if (Array.isArray(value)) headers.set(key, value.join(", "));
      }
      const user = await getSessionUser(headers);
      if (!user) return next(new Error("Sign in to receive live updates."));
      socket.data.user = user;
      socket.data.headers = headers;
      next();
    } catch (error) {
      logger.warn({ err: error }, "live connection refused");
      next(new Error("Could not check your session; reload the page."));
    }
  });
  live.on("connection", (socket) => {
    const typed = socket as unknown as import("socket.io").Socket<LiveClientEvents, LiveEvents>;
    typed.on("subscribe", (room) => {
      if (typeof room === "string" && isLiveRoom(room)) void socket.join(room);
    });
    typed.on("unsubscribe", (room) => {
      if (typeof room === "string") void socket.leave(room);
    });
  });
  const recheck = setInterval(() => void endSignedOutSockets(), SESSION_RECHECK_MS);
  recheck.unref();
  io.engine.on("close", () => clearInterval(recheck));
  return io;
}

const SESSION_RECHECK_MS = 5_000;
