/**
 * Events and rooms of the /live namespace, shared by the server and the browser client (no
 * server-only imports here).
 */
type ProjectChange = "created" | "updated" | "archived" | "restored";

export type WorkflowPush = {
  workflowId: string;
  projectId: string;
  state: string;
  control: string;
  progress: Record<string, number>;
  overallProgress: number;
  tasks: Array<{ name: string; state: string; progress: number; attempt: number; error: string | null }>;
  /** Raised by every change: a client ignores pushes not newer than what it shows. */
  version: number;
  /** When the change was made (ms since the epoch), so delivery delay can be seen. */
  changedAt: number;
};

/** Detections of a running session, as they are stored, with the live latency of each match. */
export type DetectionsPush = {
  workflowId: string;
  sessionId: string;
  videoId: string;
  events: Array<{
    seq: number;
    edge: "rising" | "falling";
    videoTimeUs: number;
    class: string | null;
    /** Latency to the ground-truth event this onset matched live, or null (unmatched). */
    latencyMs: number | null;
    groundTruthOnsetUs: number | null;
  }>;
  /** When the agent read the newest event, as the server's clock (ms since the epoch), if known. */
  sentAt: number;
};

export type AlertPush = {
  workflowId: string;
  sessionId: string;
  level: "warning" | "critical";
  latencyMs: number;
  thresholdMs: number;
  videoTimeUs: number;
  message: string;
};

type SessionPush = {
  workflowId: string;
  sessionId: string;
  videoId: string;
  rigId: string | null;
  status: string;
  positionMs: number;
};

type RigPush = { rigId: string; name: string; status: string };

export type LiveEvents = {
  "project:changed": (payload: { projectId: string; change: ProjectChange; name: string }) => void;
  "workflow:changed": (payload: WorkflowPush) => void;
  "session:detections": (payload: DetectionsPush) => void;
  "session:alert": (payload: AlertPush) => void;
  "session:changed": (payload: SessionPush) => void;
  "rig:changed": (payload: RigPush) => void;
};

export type LiveClientEvents = {
  subscribe: (room: string) => void;
  unsubscribe: (room: string) => void;
};

export const liveRooms = {
  projects: "projects",
  project: (id: string) => `project:${id}`,
  /** Every workflow change, for the list of active runs. */
  workflows: "workflows",
  workflow: (id: string) => `workflow:${id}`,
  /** Rigs coming and going, for the rigs page. */
  rigs: "rigs",
};

/** Rooms a browser may join; anything else is refused. */
export function isLiveRoom(room: string): boolean {
  return (
    room === liveRooms.projects ||
    room === liveRooms.workflows ||
    room === liveRooms.rigs ||
    /^(project|workflow):[0-9a-f-]{36}$/.test(room)
  );
}
