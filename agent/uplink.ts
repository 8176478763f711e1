/**
 * The agent's connection to the server: Socket.IO namespace /rig with the rig token, automatic
 * reconnection, and a delivery loop that sends each session's spooled events in batches until the
 * server acknowledges them — after a reconnect, from where it stopped. Requests that must arrive
 * (session start and end) are retried until answered.
 */
import { io, type Socket } from "socket.io-client";
import { type ClockSample, estimateOffsetNs, monotonicNs } from "./clock";
import {
  type Ack,
  type AgentToServer,
  type ClockPong,
  type EventBatchAck,
  PROTOCOL_VERSION,
  type ServerToAgent,
} from "./protocol";
import type { Spool } from "./spool";

export type Log = (level: "info" | "warn" | "error", message: string) => void;

const BATCH = 500;
const ACK_TIMEOUT_MS = 10_000;

export class Uplink {
  readonly socket: Socket<ServerToAgent, AgentToServer>;
  private sending = false;
  private offsetNs: bigint | null = null;
  private readonly waiters = new Set<() => void>();
  private readonly dropped = new Set<string>();

  constructor(
    server: string,
    token: string,
    private readonly spool: Spool,
    private readonly log: Log,
    agent: Record<string, string>,
  ) {
    const url = `${server.replace(/\/+$/, "")}/rig`;
    this.socket = io(url, {
      auth: { token, protocol: PROTOCOL_VERSION, agent },
      transports: ["websocket"],
      reconnectionDelay: 250,
      reconnectionDelayMax: 2000,
    });
    this.socket.on("connect", () => {
      this.log("info", `connected to ${url}`);
      void this.measureClock();
      this.kick();
    });
    this.socket.on("disconnect", (reason) => this.log("warn", `disconnected (${reason}); reconnecting`));
    this.socket.on("connect_error", (error) => {
      this.log(
        "error",
        error.message.startsWith("Refused:") ? error.message : `cannot reach ${url} (${error.message}); retrying`,
      );
      // A refusal will not change by retrying with the same token.
      if (error.message.startsWith("Refused:")) this.socket.disconnect();
    });
  }

  get clockOffsetNs(): bigint | null {
    return this.offsetNs;
  }

  /** Round trips to the server's clock; the shortest bounds the offset best. */
  async measureClock(rounds = 5): Promise<void> {
    const samples: ClockSample[] = [];
    for (let i = 0; i < rounds && this.socket.connected; i++) {
      const sentNs = monotonicNs();
      try {
        const pong = (await this.socket
          .timeout(2000)
          .emitWithAck("clock", { agentNs: sentNs.toString() })) as ClockPong;
        samples.push({ sentNs, receivedNs: monotonicNs(), serverNs: BigInt(pong.serverNs) });
      } catch {
        break;
      }
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
      if (this.socket.connected && this.spool.sessions().some((s) => this.spool.count(s) > 0)) this.kick();
      else for (const wake of this.waiters) wake();
    });
  }

  private async deliver(): Promise<void> {
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
        this.spool.ack(session, reply.acked);
        continue;
      }
      if (reply.refused?.length) {
        // These seqs can never be stored; keep the rest flowing.
        this.log("error", `server refused events of session ${session}: ${reply.error}`);
        this.spool.ack(
          session,
          reply.refused.map((r) => r.seq),
        );
        continue;
      }
      this.log("error", `server refused the events of session ${session}: ${reply.error}; they stay spooled`);
      this.dropped.add(session);
    }
  }

  /** Resolves once a session's events are all acknowledged. */
  async drained(sessionId: string, signal?: AbortSignal): Promise<void> {
    while (this.spool.count(sessionId) > 0) {
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

  /** A request that must be answered: retried (on reconnect too) until the server replies. */
  async call<E extends "session:started" | "session:finished">(
    event: E,
    message: Parameters<AgentToServer[E]>[0],
    signal?: AbortSignal,
  ): Promise<Ack> {
    for (;;) {
      if (signal?.aborted) throw signal.reason;
      if (this.socket.connected) {
        try {
          // biome-ignore lint/suspicious/noExplicitAny: the event name is generic over two messages
          return (await (this.socket.timeout(ACK_TIMEOUT_MS) as any).emitWithAck(event, message)) as Ack;
        } catch {
          // no answer: try again
        }
      }
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }

  close(): void {
    this.socket.close();
  }
}
