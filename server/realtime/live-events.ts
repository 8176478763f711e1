/**
 * Events and rooms of the /live namespace, shared by the server and the browser client (no
 * server-only imports here).
 */
export type ProjectChange = "created" | "updated" | "archived" | "restored";

export type LiveEvents = {
  "project:changed": (payload: { projectId: string; change: ProjectChange; name: string }) => void;
};

export type LiveClientEvents = {
  subscribe: (room: string) => void;
  unsubscribe: (room: string) => void;
};

export const liveRooms = {
  projects: "projects",
  project: (id: string) => `project:${id}`,
};

/** Rooms a browser may join; anything else is refused. */
export function isLiveRoom(room: string): boolean {
  return room === liveRooms.projects || /^project:[0-9a-f-]{36}$/.test(room);
}
