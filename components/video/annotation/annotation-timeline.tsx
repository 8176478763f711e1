"use client";
/**
 * The events under the video: one bar per event (a button: click or Enter selects it), each
 * event's own window (not before … deadline) as a hatched band behind its bar, the playhead, the
 * onset waiting for its offset; clicking the track seeks to that frame.
 */
import { frameAtUs } from "@/lib/analysis/frame-time";
import { classColour } from "./class-colours";
import type { EditedEvent } from "./use-ground-truth-editor";

type Props = {
  events: EditedEvent[];
  frame: number;
  frames: number;
  fps: number;
  pendingOnset: number | null;
  selectedId: string | null;
  onSelect: (id: string) => void;
  onSeek: (frame: number) => void;
};

export function AnnotationTimeline({ events, frame, frames, fps, pendingOnset, selectedId, onSelect, onSeek }: Props) {
  const at = (f: number) => `${(100 * f) / frames}%`;
  // Overlapping events go on separate lanes so every bar stays clickable.
  const lanes: number[] = [];
  const laneOf = new Map<string, number>();
  for (const event of events) {
    let lane = lanes.findIndex((end) => end <= event.onsetUs);
    if (lane < 0) lane = lanes.length;
    lanes[lane] = event.offsetUs;
    laneOf.set(event.id, lane);
  }
  const laneCount = Math.max(1, lanes.length);
  return (
    <div className="space-y-1">
      <section
        className="relative h-8 cursor-pointer rounded bg-slate-100 ring-1 ring-slate-200"
        style={{ height: `${Math.max(2, laneCount * 1.75 + 0.5)}rem` }}
        onPointerDown={(e) => {
          if (e.target !== e.currentTarget) return;
          const box = e.currentTarget.getBoundingClientRect();
          onSeek(Math.min(frames - 1, Math.max(0, Math.floor(((e.clientX - box.left) / box.width) * frames))));
        }}
        aria-label="Timeline of ground-truth events"
        // Each bar shows as much of its class name as fits; its full name is its label.
        data-allow-clip
      >
        {events.map((event) => {
          if (event.notBeforeUs === null && event.deadlineUs === null) return null;
          const from = frameAtUs(event.notBeforeUs ?? event.onsetUs, fps);
          const to = frameAtUs(event.deadlineUs ?? event.offsetUs, fps);
          return (
            <div
              key={`window-${event.id}`}
              className="pointer-events-none absolute rounded-sm border-x-2 border-sky-700 bg-sky-300/40"
              style={{
                left: at(from),
                width: `max(${at(to - from)}, 3px)`,
                top: `${(laneOf.get(event.id) ?? 0) * 1.75}rem`,
                height: "1.75rem",
              }}
              data-window={event.id}
              title={`Window of the ${event.class} event: frames ${from}–${to}`}
            />
          );
        })}
        {events.map((event) => {
          const from = frameAtUs(event.onsetUs, fps);
          const to = frameAtUs(event.offsetUs, fps);
          const selected = event.id === selectedId;
          return (
            <button
              key={event.id}
              type="button"
              onClick={() => onSelect(event.id)}
              aria-pressed={selected}
              aria-label={`${event.class} from frame ${from} to frame ${to}`}
              className="absolute h-6 truncate rounded px-1 text-left text-[11px] font-medium text-white focus-visible:outline-2 focus-visible:outline-offset-1 focus-visible:outline-slate-900"
              style={{
                left: at(from),
                width: `max(${at(to - from)}, 4px)`,
                top: `${0.25 + (laneOf.get(event.id) ?? 0) * 1.75}rem`,
                background: classColour(event.class),
                boxShadow: selected ? "0 0 0 2px #0f172a" : undefined,
              }}
            >
              {event.class}
            </button>
          );
        })}
        {pendingOnset !== null ? (
          <div
            className="pointer-events-none absolute inset-y-0 border-l-2 border-dashed border-amber-600"
            style={{ left: at(pendingOnset) }}
            title={`Onset marked at frame ${pendingOnset}`}
          />
        ) : null}
        <div
          className="pointer-events-none absolute inset-y-0 w-0.5 bg-red-600"
          style={{ left: at(frame) }}
          aria-hidden="true"
        />
      </section>
      <div className="flex justify-between text-xs text-slate-500 tabular-nums">
        <span>frame 0</span>
        <span>frame {frames - 1}</span>
      </div>
    </div>
  );
}
