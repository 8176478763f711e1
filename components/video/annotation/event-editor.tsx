"use client";
/**
 * The selected event: its class, its onset and offset frames and its own window (not before,
 * deadline: DESIGN §13), editable; and its deletion.
 */
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { InputField, SelectField } from "@/components/ui/field";
import { frameAtUs, frameTimeUs } from "@/lib/analysis/frame-time";
import { vruClassNames } from "@/lib/validation/video";
import type { EditedEvent } from "./use-ground-truth-editor";

type Props = {
  event: EditedEvent;
  fps: number;
  lastFrame: number;
  onChange: (after: EditedEvent, done: string) => boolean;
  onMoveEdge: (edge: "onsetUs" | "offsetUs") => void;
  onSetWindow: (bound: "notBeforeUs" | "deadlineUs", clear: boolean) => void;
  onClearWindow: () => void;
  onDelete: () => void;
};

const at = (us: number | null, fps: number) =>
  us === null ? "the project's window" : `frame ${frameAtUs(us, fps)} (${(us / 1e6).toFixed(3)} s)`;

export function EventEditor({
  event,
  fps,
  lastFrame,
  onChange,
  onMoveEdge,
  onSetWindow,
  onClearWindow,
  onDelete,
}: Props) {
  const [onset, setOnset] = useState(String(frameAtUs(event.onsetUs, fps)));
  const [offset, setOffset] = useState(String(frameAtUs(event.offsetUs, fps)));
  const commitFrame = (edge: "onsetUs" | "offsetUs", text: string) => {
    const value = Number(text);
    if (!Number.isInteger(value) || value < 0 || value > lastFrame + 1) return;
    if (frameTimeUs(value, fps) === event[edge]) return;
    onChange(
      { ...event, [edge]: frameTimeUs(value, fps) },
      `${edge === "onsetUs" ? "Onset" : "Offset"} set to frame ${value}.`,
    );
  };
  return (
    <Card title="Selected event">
      <div className="space-y-3">
        <SelectField
          label="Class"
          value={event.class}
          options={vruClassNames.map((name) => ({ value: name, label: name }))}
          onChange={(e) => onChange({ ...event, class: e.target.value }, `Class set to ${e.target.value}.`)}
        />
        <div className="grid grid-cols-2 gap-3">
          <InputField
            label="Onset frame"
            type="number"
            min={0}
            max={lastFrame}
            value={onset}
            onChange={(e) => setOnset(e.target.value)}
            onBlur={() => commitFrame("onsetUs", onset)}
            onKeyDown={(e) => e.key === "Enter" && commitFrame("onsetUs", onset)}
          />
          <InputField
            label="Offset frame"
            type="number"
            min={0}
            max={lastFrame}
            value={offset}
            onChange={(e) => setOffset(e.target.value)}
            onBlur={() => commitFrame("offsetUs", offset)}
            onKeyDown={(e) => e.key === "Enter" && commitFrame("offsetUs", offset)}
          />
        </div>
        <div className="flex flex-wrap gap-2">
          <Button variant="secondary" onClick={() => onMoveEdge("onsetUs")}>
            Onset here ([)
          </Button>
          <Button variant="secondary" onClick={() => onMoveEdge("offsetUs")}>
            Offset here (])
          </Button>
        </div>
        <div className="space-y-1 text-sm" data-event-window>
          <p>
            <span className="font-medium">Not before:</span> {at(event.notBeforeUs, fps)}
          </p>
          <p>
            <span className="font-medium">Deadline:</span> {at(event.deadlineUs, fps)}
          </p>
        </div>
        <div className="flex flex-wrap gap-2">
          <Button variant="secondary" onClick={() => onSetWindow("notBeforeUs", false)}>
            Not before here (N)
          </Button>
          <Button variant="secondary" onClick={() => onSetWindow("deadlineUs", false)}>
            Deadline here (D)
          </Button>
          {event.notBeforeUs !== null || event.deadlineUs !== null ? (
            <Button variant="ghost" onClick={onClearWindow}>
              Clear the window
            </Button>
          ) : null}
        </div>
        <div className="flex flex-wrap gap-2">
          <Button variant="danger" onClick={onDelete}>
            Delete (Del)
          </Button>
        </div>
      </div>
    </Card>
  );
}
