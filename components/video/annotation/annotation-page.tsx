"use client";
/**
 * Annotation in the browser: play the video, step frame by frame, mark onsets and offsets with
 * keys, pick the class, edit and delete events on the timeline, undo and redo; every change is
 * saved at once. Times are frame-accurate: an event's onset is the presentation time of the frame
 * where it was marked, its offset that of the frame where the offset was marked.
 */
import { useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { useCanEdit } from "@/components/shell/current-user";
import { useTRPC } from "@/components/trpc/client";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { DataTable } from "@/components/ui/data-table";
import { frameAtUs, frameCount, frameTimeUs } from "@/lib/analysis/frame-time";
import { vruClassNames } from "@/lib/validation/video";
import { GroundTruthReview } from "../ground-truth-status";
import { AnnotationTimeline } from "./annotation-timeline";
import { classColour } from "./class-colours";
import { EventEditor } from "./event-editor";
import { type EditedEvent, newEventId, useGroundTruthEditor } from "./use-ground-truth-editor";

const seconds = (us: number) => `${(us / 1e6).toFixed(3)} s`;

/**
 * A time with its frame: "frame 137 · 5.480 s" on a frame's start; a time inside a frame (an
 * imported 5.5 s at 25 fps) says so, "5.500 s · in frame 137 (from 5.480 s)", so the two never disagree.
 */
function at(us: number, fps: number | null | undefined) {
  if (!fps) return seconds(us);
  const frame = frameAtUs(us, fps);
  const start = frameTimeUs(frame, fps);
  return start === us
    ? `frame ${frame} · ${seconds(us)}`
    : `${seconds(us)} · in frame ${frame} (from ${seconds(start)})`;
}

const shortcuts: [string, string][] = [
  ["← →", "previous / next frame"],
  ["Shift + ← →", "ten frames back / on"],
  ["Home / End", "first / last frame"],
  ["Space", "play / pause"],
  ["I", "mark the onset of a new event here"],
  ["O", "mark its offset here (saves the event)"],
  ["[ / ]", "move the selected event's onset / offset here"],
  [
    "N / D",
    "set the selected event's own window here: not before / deadline (e.g. R151's line D / last point of information)",
  ],
  ["Shift + N / D", "clear that bound (back to the project's window)"],
  ["1–5", "pick the class (and set it on the selected event)"],
  ["Delete", "delete the selected event"],
  ["Esc", "drop the marked onset, deselect"],
  ["Ctrl + Z / Ctrl + Shift + Z", "undo / redo"],
];

function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ["INPUT", "SELECT", "TEXTAREA"].includes(target.tagName);
}

export function AnnotationPage({ id }: { id: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const canEdit = useCanEdit();
  const video = useQuery(trpc.videos.byId.queryOptions({ id }));
  const truth = useQuery(
    trpc.groundTruth.ofVideo.queryOptions({ videoId: id }, { staleTime: Number.POSITIVE_INFINITY }),
  );
  const onSaved = useCallback(() => {
    void queryClient.invalidateQueries({ queryKey: trpc.videos.byId.queryKey({ id }) });
    void queryClient.invalidateQueries({
      queryKey: trpc.groundTruth.ofVideo.queryKey({ videoId: id }),
      refetchType: "none",
    });
  }, [queryClient, trpc, id]);
  const initial = useMemo<EditedEvent[] | undefined>(
    () =>
      truth.data?.map((e) => ({
        id: e.id,
        class: e.class,
        onsetUs: e.onsetUs,
        offsetUs: e.offsetUs,
        trackId: e.trackId,
        zone: e.zone,
        notBeforeUs: e.notBeforeUs,
        deadlineUs: e.deadlineUs,
      })),
    [truth.data],
  );
  const editor = useGroundTruthEditor(id, initial, onSaved);

  const fps = video.data?.fps ?? null;
  const durationUs = video.data?.durationMs != null ? video.data.durationMs * 1000 : null;
  const frames = fps && durationUs ? frameCount(durationUs, fps) : 0;
  const [frame, setFrame] = useState(0);
  const [playing, setPlaying] = useState(false);
  const [pendingOnset, setPendingOnset] = useState<number | null>(null);
  const [eventClass, setEventClass] = useState<string>("pedestrian");
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [message, setMessage] = useState<{ tone: "error" | "info"; text: string } | null>(null);
  const player = useRef<HTMLVideoElement>(null);

  const selected = editor.events?.find((e) => e.id === selectedId) ?? null;
  const lastFrame = Math.max(0, frames - 1);
  const clampFrame = useCallback((f: number) => Math.min(lastFrame, Math.max(0, f)), [lastFrame]);

  // Paused: the video shows the chosen frame (seeking to mid-frame lands on it whatever the rounding).
  useEffect(() => {
    const el = player.current;
    if (!el || !fps || playing) return;
    const target = (frame + 0.5) / fps;
    if (Math.abs(el.currentTime - target) > 0.25 / fps) el.currentTime = target;
  }, [frame, fps, playing]);

  // Playing: the frame follows the video.
  useEffect(() => {
    const el = player.current;
    if (!el || !fps || !playing) return;
    let handle = 0;
    const follow = () => {
      setFrame(clampFrame(frameAtUs(el.currentTime * 1e6, fps)));
      handle = requestAnimationFrame(follow);
    };
    handle = requestAnimationFrame(follow);
    return () => cancelAnimationFrame(handle);
  }, [playing, fps, clampFrame]);

  const step = useCallback(
    (by: number) => {
      player.current?.pause();
      setPlaying(false);
      setFrame((f) => clampFrame(f + by));
    },
    [clampFrame],
  );
  const seek = useCallback(
    (to: number) => {
      player.current?.pause();
      setPlaying(false);
      setFrame(clampFrame(to));
    },
    [clampFrame],
  );
  const togglePlay = useCallback(() => {
    const el = player.current;
    if (!el) return;
    if (el.paused) {
      void el.play().then(
        () => setPlaying(true),
        (error: Error) => setMessage({ tone: "error", text: `The browser cannot play this video: ${error.message}` }),
      );
    } else {
      el.pause();
      setPlaying(false);
      if (fps) setFrame(clampFrame(frameAtUs(el.currentTime * 1e6, fps)));
    }
  }, [fps, clampFrame]);

  const apply = useCallback(
    (before: EditedEvent | null, after: EditedEvent | null, done: string) => {
      const refused = editor.change(before, after);
      setMessage(refused ? { tone: "error", text: refused } : { tone: "info", text: done });
      return refused === null;
    },
    [editor],
  );

  const markOnset = useCallback(() => {
    setPendingOnset(frame);
    setSelectedId(null);
    setMessage({ tone: "info", text: `Onset at frame ${frame}: step to where the ${eventClass} is gone and press O.` });
  }, [frame, eventClass]);

  const markOffset = useCallback(() => {
    if (!fps) return;
    if (pendingOnset === null) {
      setMessage({ tone: "error", text: "Mark an onset first (I), then the offset (O)." });
      return;
    }
    const [from, to] = [Math.min(pendingOnset, frame), Math.max(pendingOnset, frame)];
    const event: EditedEvent = {
      id: newEventId(),
      class: eventClass,
      onsetUs: frameTimeUs(from, fps),
      offsetUs: frameTimeUs(to, fps),
      trackId: null,
      zone: null,
      notBeforeUs: null,
      deadlineUs: null,
    };
    if (apply(null, event, `Added ${eventClass} from frame ${from} to frame ${to}.`)) {
      setPendingOnset(null);
      setSelectedId(event.id);
    }
  }, [fps, pendingOnset, frame, eventClass, apply]);

  const moveEdge = useCallback(
    (edge: "onsetUs" | "offsetUs") => {
      if (!selected || !fps) return;
      apply(
        selected,
        { ...selected, [edge]: frameTimeUs(frame, fps) },
        `Moved the ${edge === "onsetUs" ? "onset" : "offset"} to frame ${frame}.`,
      );
    },
    [selected, fps, frame, apply],
  );

  const setWindowBound = useCallback(
    (bound: "notBeforeUs" | "deadlineUs", clear: boolean) => {
      if (!selected || !fps) return;
      const name = bound === "notBeforeUs" ? "not before" : "deadline";
      apply(
        selected,
        { ...selected, [bound]: clear ? null : frameTimeUs(frame, fps) },
        clear ? `Cleared the ${name} bound: the project's window applies.` : `Set ${name} at frame ${frame}.`,
      );
    },
    [selected, fps, frame, apply],
  );

  const pickClass = useCallback(
    (name: string) => {
      setEventClass(name);
      if (selected && selected.class !== name) apply(selected, { ...selected, class: name }, `Class set to ${name}.`);
    },
    [selected, apply],
  );

  const deleteSelected = useCallback(() => {
    if (!selected) return;
    apply(selected, null, `Deleted the ${selected.class} event (Ctrl + Z brings it back).`);
    setSelectedId(null);
  }, [selected, apply]);

  useEffect(() => {
    if (!canEdit || !frames) return;
    const onKey = (e: KeyboardEvent) => {
      if (isTyping(e.target) || e.altKey) return;
      const onButton = e.target instanceof HTMLButtonElement;
      const mod = e.ctrlKey || e.metaKey;
      const key = e.key;
      let handled = true;
      if (mod && key.toLowerCase() === "z") {
        if (e.shiftKey) editor.redo();
        else editor.undo();
      } else if (mod && key.toLowerCase() === "y") editor.redo();
      else if (mod) handled = false;
      else if (key === "ArrowRight") step(e.shiftKey ? 10 : 1);
      else if (key === "ArrowLeft") step(e.shiftKey ? -10 : -1);
      else if (key === "Home") seek(0);
      else if (key === "End") seek(lastFrame);
      else if (key === " " && !onButton) togglePlay();
      else if (key === "i" || key === "I") markOnset();
      else if (key === "o" || key === "O") markOffset();
      else if (key === "[") moveEdge("onsetUs");
      else if (key === "]") moveEdge("offsetUs");
      else if (key === "n" || key === "N") setWindowBound("notBeforeUs", e.shiftKey);
      else if (key === "d" || key === "D") setWindowBound("deadlineUs", e.shiftKey);
      else if (/^[1-9]$/.test(key) && Number(key) <= vruClassNames.length)
        pickClass(vruClassNames[Number(key) - 1] as string);
      else if (key === "Delete" || key === "Backspace") deleteSelected();
      else if (key === "Escape") {
        setPendingOnset(null);
        setSelectedId(null);
      } else handled = false;
      if (handled) e.preventDefault();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [
    canEdit,
    frames,
    lastFrame,
    editor,
    step,
    seek,
    togglePlay,
    markOnset,
    markOffset,
    moveEdge,
    setWindowBound,
    pickClass,
    deleteSelected,
  ]);

  if (video.isPending || truth.isPending) return <p className="text-sm text-slate-500">Loading the video…</p>;
  if (video.isError) return <Alert>{video.error.message}</Alert>;
  if (truth.isError) return <Alert>{truth.error.message}</Alert>;
  const v = video.data;
  const events = editor.events ?? [];

  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-end justify-between gap-4">
        <div>
          <Link href={`/videos/${v.id}`} className="text-sm text-link hover:underline">
            ← {v.fileName}
          </Link>
          <h1 className="mt-1 text-2xl font-semibold tracking-tight">Annotate</h1>
          <div className="mt-2">
            <GroundTruthReview video={v} />
          </div>
        </div>
        {canEdit ? <SaveIndicator state={editor.saveState} onRetry={editor.retry} /> : null}
      </div>
      {!canEdit ? <Alert tone="info">You have read-only access: the events are shown, not editable.</Alert> : null}
      {!frames ? (
        <Alert>
          This video has no frame rate or duration in its metadata, so frames cannot be stepped: upload it again so that
          they are read.
        </Alert>
      ) : null}
      <div className="grid gap-6 lg:grid-cols-3">
        <Card title="Video" className="lg:col-span-2">
          <div className="space-y-3">
            <video
              ref={player}
              preload="auto"
              muted
              playsInline
              src={`/api/videos/${v.id}/file`}
              aria-label={`Video ${v.fileName}`}
              className="aspect-video w-full rounded bg-black"
              onEnded={() => setPlaying(false)}
            />
            <div className="flex flex-wrap items-center gap-2">
              <Button variant="secondary" onClick={() => step(-10)} aria-label="Back ten frames">
                «
              </Button>
              <Button variant="secondary" onClick={() => step(-1)} aria-label="Previous frame">
                ‹
              </Button>
              <Button variant="secondary" onClick={togglePlay}>
                {playing ? "Pause" : "Play"}
              </Button>
              <Button variant="secondary" onClick={() => step(1)} aria-label="Next frame">
                ›
              </Button>
              <Button variant="secondary" onClick={() => step(10)} aria-label="On ten frames">
                »
              </Button>
              <output aria-live="polite" aria-label="Current frame" className="ml-auto text-sm tabular-nums">
                Frame <strong data-testid="frame">{frame}</strong> / {lastFrame} ·{" "}
                {fps ? seconds(frameTimeUs(frame, fps)) : "—"}
              </output>
            </div>
            {frames && fps ? (
              <AnnotationTimeline
                events={events}
                frame={frame}
                frames={frames}
                fps={fps}
                pendingOnset={pendingOnset}
                selectedId={selectedId}
                onSelect={(eventId) => {
                  setSelectedId(eventId);
                  const picked = events.find((e) => e.id === eventId);
                  if (picked) setEventClass(picked.class);
                }}
                onSeek={seek}
              />
            ) : null}
            {message ? (
              <p
                role={message.tone === "error" ? "alert" : "status"}
                className={message.tone === "error" ? "text-sm text-red-700" : "text-sm text-slate-600"}
              >
                {message.text}
              </p>
            ) : null}
          </div>
        </Card>
        <div className="space-y-6">
          {canEdit ? (
            <Card title="Mark">
              <div className="space-y-4">
                <fieldset>
                  <legend className="text-sm font-medium text-slate-700">Class</legend>
                  <div className="mt-2 flex flex-wrap gap-2">
                    {vruClassNames.map((name, index) => (
                      <label
                        key={name}
                        className="flex cursor-pointer items-center gap-1.5 rounded-md px-2 py-1 text-sm ring-1 ring-slate-300 has-[:checked]:ring-2 has-[:checked]:ring-brand-600"
                      >
                        <input
                          type="radio"
                          name="event-class"
                          value={name}
                          checked={eventClass === name}
                          onChange={() => pickClass(name)}
                          className="sr-only"
                        />
                        <span
                          className="size-2.5 rounded-full"
                          style={{ background: classColour(name) }}
                          aria-hidden="true"
                        />
                        {name} <kbd className="text-xs text-slate-500">{index + 1}</kbd>
                      </label>
                    ))}
                  </div>
                </fieldset>
                <div className="flex flex-wrap gap-2">
                  <Button variant="secondary" onClick={markOnset} disabled={!frames}>
                    Mark onset (I)
                  </Button>
                  <Button onClick={markOffset} disabled={!frames || pendingOnset === null}>
                    Mark offset (O)
                  </Button>
                </div>
                <div className="flex gap-2">
                  <Button variant="ghost" onClick={() => editor.undo()} disabled={!editor.canUndo}>
                    Undo
                  </Button>
                  <Button variant="ghost" onClick={() => editor.redo()} disabled={!editor.canRedo}>
                    Redo
                  </Button>
                </div>
              </div>
            </Card>
          ) : null}
          {canEdit && selected && fps ? (
            <EventEditor
              key={`${selected.id}-${selected.onsetUs}-${selected.offsetUs}-${selected.class}-${selected.notBeforeUs}-${selected.deadlineUs}`}
              event={selected}
              fps={fps}
              lastFrame={lastFrame}
              onChange={(after, done) => apply(selected, after, done)}
              onMoveEdge={moveEdge}
              onSetWindow={setWindowBound}
              onClearWindow={() =>
                apply(
                  selected,
                  { ...selected, notBeforeUs: null, deadlineUs: null },
                  "Cleared the event's window: the project's window applies.",
                )
              }
              onDelete={deleteSelected}
            />
          ) : null}
          {canEdit ? (
            <Card title="Keyboard">
              <dl className="space-y-1 text-sm">
                {shortcuts.map(([keys, what]) => (
                  <div key={keys} className="flex justify-between gap-3">
                    <dt>
                      <kbd className="rounded bg-slate-100 px-1.5 py-0.5 font-mono text-xs">{keys}</kbd>
                    </dt>
                    <dd className="text-right text-slate-600">{what}</dd>
                  </div>
                ))}
              </dl>
            </Card>
          ) : null}
        </div>
      </div>
      <Card
        title={`Events (${events.length})`}
        description="Click a row's class to select the event; times are frame presentation times."
      >
        {events.length ? (
          <DataTable columns={["Class", "Onset", "Offset", "Length"]}>
            {events.map((e) => (
              <tr key={e.id} className={e.id === selectedId ? "bg-brand-50" : undefined}>
                <td className="py-1">
                  <button
                    type="button"
                    className="font-medium text-link hover:underline"
                    onClick={() => {
                      setSelectedId(e.id);
                      setEventClass(e.class);
                      if (fps) seek(frameAtUs(e.onsetUs, fps));
                    }}
                  >
                    {e.class}
                  </button>
                </td>
                <td className="py-1 tabular-nums">{at(e.onsetUs, fps)}</td>
                <td className="py-1 tabular-nums">{at(e.offsetUs, fps)}</td>
                <td className="py-1 tabular-nums">{seconds(e.offsetUs - e.onsetUs)}</td>
              </tr>
            ))}
          </DataTable>
        ) : (
          <p className="text-sm text-slate-500">
            {canEdit
              ? "No events yet: press I at the first frame a VRU is visible, then O where it is gone."
              : "No events yet."}
          </p>
        )}
      </Card>
    </div>
  );
}

function SaveIndicator({
  state,
  onRetry,
}: {
  state: ReturnType<typeof useGroundTruthEditor>["saveState"];
  onRetry: () => void;
}) {
  if (state.state === "failed") {
    return (
      <div role="alert" className="flex items-center gap-3 text-sm text-red-700">
        Not saved ({state.pending} change{state.pending === 1 ? "" : "s"} waiting): {state.error}
        <Button variant="secondary" onClick={onRetry}>
          Retry
        </Button>
      </div>
    );
  }
  return (
    <p role="status" className="text-sm text-slate-600">
      {state.state === "saving"
        ? `Saving ${state.pending} change${state.pending === 1 ? "" : "s"}…`
        : "All changes saved"}
    </p>
  );
}
