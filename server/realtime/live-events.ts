/**
 * Events and rooms of the /live namespace, shared by the server and the browser client (no
 * server-only imports here).
 */
export type ProjectChange = "created" | "updated" | "archived" | "restored";

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

export type LiveEvents = {
  "project:changed": (payload: { projectId: string; change: ProjectChange; name: string }) => void;
  "workflow:changed": (payload: WorkflowPush) => void;
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
};

/** Rooms a browser may join; anything else is refused. */
export function isLiveRoom(room: string): boolean {
  return room === liveRooms.projects || room === liveRooms.workflows || /^(project|workflow):[0-9a-f-]{36}$/.test(room);
}
