"use client";
/**
 * The annotation page's events, edited locally at once and saved as you go: every change is
 * queued and sent in order (put or delete by an id the browser made, so a retried save is
 * harmless), and every change can be undone and redone — an undo is saved like any change.
 * Changes are checked with the same schema the server applies before they are made.
 */
import { useMutation } from "@tanstack/react-query";
import { useCallback, useEffect, useRef, useState } from "react";
import { useTRPC } from "@/components/trpc/client";
import { putGroundTruthEventSchema } from "@/lib/validation/ground-truth";

export type EditedEvent = {
  id: string;
  class: string;
  onsetUs: number;
  offsetUs: number;
  trackId: string | null;
  zone: string | null;
  /** The event's own window (DESIGN §13): null, the project's window. */
  notBeforeUs: number | null;
  deadlineUs: number | null;
};
type Change = { before: EditedEvent | null; after: EditedEvent | null };
type Save = { kind: "put"; event: EditedEvent } | { kind: "delete"; id: string };
export type SaveState = { state: "saved" | "saving" | "failed"; pending: number; error?: string };

/** A v4 UUID from getRandomValues: crypto.randomUUID needs a secure context, rig hosts often are not. */
export function newEventId(): string {
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = ((b[6] ?? 0) & 0x0f) | 0x40;
  b[8] = ((b[8] ?? 0) & 0x3f) | 0x80;
  const h = Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

const byOnset = (a: EditedEvent, b: EditedEvent) => a.onsetUs - b.onsetUs || a.id.localeCompare(b.id);

export function useGroundTruthEditor(videoId: string, initial: EditedEvent[] | undefined, onSaved: () => void) {
  const trpc = useTRPC();
  const put = useMutation(trpc.groundTruth.putEvent.mutationOptions());
  const remove = useMutation(trpc.groundTruth.deleteEvent.mutationOptions());
  const [events, setEvents] = useState<EditedEvent[] | null>(null);
  const [saveState, setSaveState] = useState<SaveState>({ state: "saved", pending: 0 });
  const undoStack = useRef<Change[]>([]);
  const redoStack = useRef<Change[]>([]);
  const queue = useRef<Save[]>([]);
  const running = useRef(false);
  const [, setHistoryVersion] = useState(0);

  // The server's events are read once; from then on the page's copy leads and the server follows.
  useEffect(() => {
    if (initial && events === null) setEvents([...initial].sort(byOnset));
  }, [initial, events]);

  const drain = useCallback(async () => {
    if (running.current) return;
    running.current = true;
    try {
      while (queue.current.length > 0) {
        setSaveState({ state: "saving", pending: queue.current.length });
        const next = queue.current[0] as Save;
        try {
          if (next.kind === "put") await put.mutateAsync({ videoId, ...next.event });
          else await remove.mutateAsync({ videoId, id: next.id });
        } catch (error) {
          setSaveState({ state: "failed", pending: queue.current.length, error: (error as Error).message });
          return;
        }
        queue.current.shift();
        onSaved();
      }
      setSaveState({ state: "saved", pending: 0 });
    } finally {
      running.current = false;
    }
  }, [put, remove, videoId, onSaved]);

  const retry = useCallback(() => void drain(), [drain]);

  // Leaving with unsaved changes asks first.
  useEffect(() => {
    const warn = (e: BeforeUnloadEvent) => {
      if (queue.current.length > 0) e.preventDefault();
    };
    window.addEventListener("beforeunload", warn);
    return () => window.removeEventListener("beforeunload", warn);
  }, []);

  const applyChange = useCallback(
    (change: Change) => {
      setEvents((current) => {
        const rest = (current ?? []).filter((e) => e.id !== (change.after?.id ?? change.before?.id));
        return change.after ? [...rest, change.after].sort(byOnset) : rest;
      });
      if (change.after) queue.current.push({ kind: "put", event: change.after });
      else if (change.before) queue.current.push({ kind: "delete", id: change.before.id });
      void drain();
    },
    [drain],
  );

  /** Makes a change (new event, edit, deletion); returns the reason when the change is refused. */
  const change = useCallback(
    (before: EditedEvent | null, after: EditedEvent | null): string | null => {
      if (after) {
        const checked = putGroundTruthEventSchema.safeParse({ videoId, ...after });
        if (!checked.success) return checked.error.issues.map((i) => i.message).join("; ");
      }
      undoStack.current.push({ before, after });
      redoStack.current = [];
      setHistoryVersion((v) => v + 1);
      applyChange({ before, after });
      return null;
    },
    [applyChange, videoId],
  );

  const undo = useCallback(() => {
    const last = undoStack.current.pop();
    if (!last) return false;
    redoStack.current.push(last);
    setHistoryVersion((v) => v + 1);
    applyChange({ before: last.after, after: last.before });
    return true;
  }, [applyChange]);

  const redo = useCallback(() => {
    const last = redoStack.current.pop();
    if (!last) return false;
    undoStack.current.push(last);
    setHistoryVersion((v) => v + 1);
    applyChange(last);
    return true;
  }, [applyChange]);

  return {
    events,
    change,
    undo,
    redo,
    canUndo: undoStack.current.length > 0,
    canRedo: redoStack.current.length > 0,
    saveState,
    retry,
  };
}
