"use client";
/**
 * Live updates from the server (Socket.IO namespace /live): joins a room and calls back on each
 * event. One shared connection per browser tab; it re-joins its rooms after a reconnect.
 */
import { useEffect, useRef, useSyncExternalStore } from "react";
import { io, type Socket } from "socket.io-client";
import type { LiveClientEvents, LiveEvents } from "@/lib/live-events";

type LiveSocket = Socket<LiveEvents, LiveClientEvents>;
let shared: LiveSocket | undefined;
const rooms = new Map<string, number>();
const reconnectListeners = new Set<() => void>();

function socket(): LiveSocket {
  if (!shared) {
    shared = io("/live", { withCredentials: true, transports: ["websocket", "polling"] });
    let connectedBefore = false;
    shared.on("connect", () => {
      for (const room of rooms.keys()) shared?.emit("subscribe", room);
      // Pushes sent while disconnected are lost: whoever shows live data reloads its snapshot.
      if (connectedBefore) for (const listener of reconnectListeners) listener();
      connectedBefore = true;
    });
    // Back online: reconnect now rather than at the next back-off attempt, which may be a
    // connection attempt that hung while offline and only times out after 20 s.
    window.addEventListener("online", () => {
      if (shared && !shared.connected) shared.disconnect().connect();
    });
  }
  return shared;
}

/** Called after the live connection came back, once the rooms are joined again. */
export function useLiveReconnect(onReconnect: () => void) {
  const handler = useRef(onReconnect);
  handler.current = onReconnect;
  useEffect(() => {
    const listener = () => handler.current();
    reconnectListeners.add(listener);
    socket();
    return () => {
      reconnectListeners.delete(listener);
    };
  }, []);
}

export function useLiveEvent<E extends keyof LiveEvents>(room: string, event: E, onEvent: LiveEvents[E]) {
  const handler = useRef(onEvent);
  handler.current = onEvent;
  useEffect(() => {
    const s = socket();
    rooms.set(room, (rooms.get(room) ?? 0) + 1);
    if (s.connected) s.emit("subscribe", room);
    const listener = ((...args: Parameters<LiveEvents[E]>) =>
      (handler.current as (...a: Parameters<LiveEvents[E]>) => void)(...args)) as never;
    s.on(event, listener);
    return () => {
      s.off(event, listener);
      const left = (rooms.get(room) ?? 1) - 1;
      if (left <= 0) {
        rooms.delete(room);
        s.emit("unsubscribe", room);
      } else rooms.set(room, left);
    };
  }, [room, event]);
}

function subscribeToConnection(onChange: () => void) {
  const s = socket();
  s.on("connect", onChange);
  s.on("disconnect", onChange);
  return () => {
    s.off("connect", onChange);
    s.off("disconnect", onChange);
  };
}

/**
 * Whether the live connection is up (true before the browser has it, on the server's render), so a
 * page can say when what it shows may be stale.
 */
export function useLiveConnected(): boolean {
  return useSyncExternalStore(
    subscribeToConnection,
    () => socket().connected,
    () => true,
  );
}
