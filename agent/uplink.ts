/**
 * The agent's connection to the server: Socket.IO namespace /rig with the rig token, automatic
 * reconnection, a heartbeat once a second with what the agent is doing (also in the handshake of
 * every connection), and a delivery loop that sends each session's spooled events in batches until
 * the server acknowledges them — after a reconnect, from where it stopped. Requests that must
 * arrive (session start and end) are retried until answered; a refusal the server marks `retry`
 * (its own trouble, such as its database restarting) is sent again after a pause.
 */
import { io, type Socket } from "socket.io-client";
import {
  type Ack,
  type AgentToServer,
  type ClockPong,
  type EventBatchAck,
  PROTOCOL_VERSION,
  type ServerToAgent,
} from "@/lib/rig-protocol";
import type { AgentWork } from "./agent-state";
import { type ClockSample, estimateOffsetNs, monotonicNs } from "./clock";
import type { Spool } from "./spool";

export type Log = (level: "info" | "warn" | "error", message: string) => void;

const BATCH = 500;
const ACK_TIMEOUT_MS = 10_000;
const HEARTBEAT_MS = 1000;
/** Pauses before sending again what the server could not take (doubling up to the last). */
const RETRY_DELAYS_MS = [250, 500, 1000, 2000, 5000];

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export class Uplink {
  readonly socket: Socket<ServerToAgent, AgentToServer>;
  private sending = false;
  private offsetNs: bigint | null = null;
  private readonly waiters = new Set<() => void>();
  private readonly dropped = new Set<string>();
  private readonly heartbeat: NodeJS.Timeout;

  constructor(
    server: string,
    token: string,
    private readonly spool: Spool,
    private readonly log: Log,
    agent: Record<string, string>,
    private readonly work: AgentWork,
  ) {
    const url = `${server.replace(/\/+$/, "")}/rig`;
    this.socket = io(url, {
      // A function, so each reconnection tells the server what the agent is doing right then.
      auth: (send) => send({ token, protocol: PROTOCOL_VERSION, agent, state: work.snapshot() }),
      transports: ["websocket"],
      reconnectionDelay: 250,
      reconnectionDelayMax: 2000,
    });
    this.socket.on("connect", () => {
      this.log("info", `connected to ${url}`);
      void this.measureClock();
      this.kick();
    });
    this.heartbeat = setInterval(() => this.beat(), HEARTBEAT_MS);
    work.onChange(() => this.beat());
    this.socket.on("disconnect", (reason) => {
      if (reason !== "io server disconnect") {
        this.log("warn", `disconnected (${reason}); reconnecting`);
        return;
      }
      // The server ended this connection (the rig's token was replaced, or the rig disabled):
      // Socket.IO does not reconnect by itself then. Connecting again tells whether this token
      // still holds; a refusal stops the agent trying (below).
      this.log("warn", "the server closed the connection; connecting again to check the rig token");
      setTimeout(() => this.socket.connect(), 1000).unref();
    });
    this.socket.on("connect_error", (error) => {
      this.log(
        "error",
        error.message.startsWith("Refused:") ? error.message : `cannot reach ${url} (${error.message}); retrying`,
      );
      // A refusal will not change by retrying with the same token.
      if (error.message.startsWith("Refused:")) this.socket.disconnect();
    });
  }

  /** Tells the server what the agent is doing; dropped while disconnected (the handshake says it). */
  beat(): void {
    if (this.socket.connected) this.socket.volatile.emit("heartbeat", this.work.snapshot());
  }

  get clockOffsetNs(): bigint | null {
    return this.offsetNs;
  }

  /** One round trip to the server's clock (null when disconnected or unanswered within 2 s). */
  async sampleClock(): Promise<ClockSample | null> {
    if (!this.socket.connected) return null;
    const sentNs = monotonicNs();
    try {
      const pong = (await this.socket.timeout(2000).emitWithAck("clock", { agentNs: sentNs.toString() })) as ClockPong;
      return { sentNs, receivedNs: monotonicNs(), serverNs: BigInt(pong.serverNs) };
    } catch {
      return null;
    }
  }

  /** Round trips to the server's clock; the shortest bounds the offset best. */
  async measureClock(rounds = 5): Promise<void> {
    const samples: ClockSample[] = [];
    for (let i = 0; i < rounds; i++) {
      const sample = await this.sampleClock();
      if (!sample) break;
      samples.push(sample);
    }
    const offset = estimateOffsetNs(samples);
    if (offset !== null) this.offsetNs = offset;
  }

  /** Sends what is pending, unless a delivery loop is already running. */
  kick(): void {
    if (this.sending || !this.socket.connected) return;
    this.sending = true;
    void this.deliver().finally(() => {
      this.sending = false;
      // Sessions the server refused for good are not sent again (that would spin).
      const more = this.spool.sessions().some((s) => this.spool.count(s) > 0 && !this.dropped.has(s));
      if (this.socket.connected && more) this.kick();
      else for (const wake of this.waiters) wake();
    });
  }

  private async deliver(): Promise<void> {
    let failures = 0;
    for (;;) {
      const session = this.spool.sessions().find((s) => this.spool.count(s) > 0 && !this.dropped.has(s));
      if (!session || !this.socket.connected) return;
      const events = this.spool.next(session, BATCH);
      let reply: EventBatchAck;
      try {
        reply = (await this.socket
          .timeout(ACK_TIMEOUT_MS)
          .emitWithAck("events", { sessionId: session, events })) as EventBatchAck;
      } catch {
        return; // no answer (disconnected): the next connect resends
      }
      if (reply.ok) {
        failures = 0;
        this.spool.ack(session, reply.acked);
        this.forgetIfDone(session);
        continue;
      }
      if (reply.retry) {
        // The server's own trouble: the same batch is sent again, nothing is dropped.
        this.log("warn", `the server could not take events of session ${session} (${reply.error}); sending again`);
        await delay(RETRY_DELAYS_MS[Math.min(failures++, RETRY_DELAYS_MS.length - 1)] as number);
        continue;
      }
      if (reply.refused?.length) {
        // These seqs can never be stored; keep the rest flowing.
        this.log("error", `server refused events of session ${session}: ${reply.error}`);
        this.spool.ack(
          session,
          reply.refused.map((r) => r.seq),
        );
        this.forgetIfDone(session);
        continue;
      }
      this.log("error", `server refused the events of session ${session}: ${reply.error}; they stay spooled`);
      this.dropped.add(session);
    }
  }

  /**
   * A session left in the spool by an earlier run of the agent (or one the server stopped) has no
   * one to close it: once the server has all its events, it is forgotten.
   */
  private forgetIfDone(sessionId: string): void {
    if (this.spool.count(sessionId) === 0 && this.work.activeSessionId !== sessionId) this.spool.remove(sessionId);
  }

  /** Resolves once a session's events are all acknowledged (or when `untilMs` has passed). */
  async drained(sessionId: string, signal?: AbortSignal, untilMs = Number.POSITIVE_INFINITY): Promise<void> {
    const deadline = Date.now() + untilMs;
    while (this.spool.count(sessionId) > 0 && !this.dropped.has(sessionId) && Date.now() < deadline) {
      if (signal?.aborted) throw signal.reason;
      this.kick();
      await new Promise<void>((resolve) => {
        const wake = () => {
          this.waiters.delete(wake);
          resolve();
        };
        this.waiters.add(wake);
        setTimeout(wake, 500);
      });
    }
  }

  /**
   * A request that must be answered: sent again (on reconnect too) until the server replies with
   * anything but a retryable refusal; `before` runs before each retry (e.g. to deliver events the
   * server says it lacks).
   */
  async call<E extends "session:started" | "session:finished">(
    event: E,
    message: Parameters<AgentToServer[E]>[0],
    options: { signal?: AbortSignal; before?: () => Promise<void> } = {},
  ): Promise<Ack> {
    let failures = 0;
    for (;;) {
      if (options.signal?.aborted) throw options.signal.reason;
      if (this.socket.connected) {
        try {
          // biome-ignore lint/suspicious/noExplicitAny: the event name is generic over two messages
          const reply = (await (this.socket.timeout(ACK_TIMEOUT_MS) as any).emitWithAck(event, message)) as Ack;
          if (reply.ok || !reply.retry) return reply;
          this.log("warn", `the server could not take ${event} (${reply.error}); sending it again`);
        } catch {
          // no answer: try again
        }
      }
      await delay(RETRY_DELAYS_MS[Math.min(failures++, RETRY_DELAYS_MS.length - 1)] as number);
      await options.before?.();
    }
  }

  close(): void {
    clearInterval(this.heartbeat);
    this.socket.close();
  }
}
