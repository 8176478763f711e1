"use client";
/**
 * Asking for a rig's display calibration: what sees the patch (a photodiode on the agent's sync
 * line, or the camera), the video's flashes and frame rate, and notes on the player and monitor
 * that the calibration is only true for. The same video can be downloaded to play by hand.
 */
import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { useTRPC } from "@/components/trpc/client";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { InputField, SelectField } from "@/components/ui/field";
import { requestCalibrationSchema } from "@/lib/validation/calibration";

type Errors = Partial<Record<"signal" | "flashes" | "fps" | "playerNotes" | "monitorNotes", string>>;

export function CalibrationForm({ rigId, onRequested }: { rigId: string; onRequested: () => void }) {
  const trpc = useTRPC();
  const calibrate = useMutation(trpc.rigs.calibrate.mutationOptions());
  const [signal, setSignal] = useState<"sync" | "camera">("sync");
  const [flashes, setFlashes] = useState("120");
  const [fps, setFps] = useState("30");
  const [playerNotes, setPlayerNotes] = useState("");
  const [monitorNotes, setMonitorNotes] = useState("");
  const [errors, setErrors] = useState<Errors>({});
  const [failure, setFailure] = useState<string | null>(null);

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    setFailure(null);
    const parsed = requestCalibrationSchema.safeParse({
      rigId,
      signal,
      flashes: Number(flashes),
      fps: Number(fps),
      playerNotes,
      monitorNotes,
    });
    if (!parsed.success) {
      const next: Errors = {};
      for (const issue of parsed.error.issues) next[issue.path[0] as keyof Errors] ??= issue.message;
      return setErrors(next);
    }
    setErrors({});
    try {
      await calibrate.mutateAsync(parsed.data);
      onRequested();
    } catch (error) {
      setFailure((error as Error).message);
    }
  };

  const query = `flashes=${encodeURIComponent(flashes)}&fps=${encodeURIComponent(fps)}`;
  return (
    <form onSubmit={submit} noValidate aria-label="Calibrate the display" className="space-y-4">
      {failure ? <Alert>{failure}</Alert> : null}
      <div className="grid gap-4 sm:grid-cols-3">
        <SelectField
          label="What sees the patch"
          value={signal}
          onChange={(e) => setSignal(e.target.value as "sync" | "camera")}
          options={[
            { value: "sync", label: "Photodiode on the sync line" },
            { value: "camera", label: "The camera's own output" },
          ]}
          hint="The top-left corner of the screen."
          error={errors.signal}
        />
        <InputField
          label="Flashes"
          inputMode="numeric"
          value={flashes}
          onChange={(e) => setFlashes(e.target.value)}
          hint="120 flashes take about two minutes."
          error={errors.flashes}
        />
        <InputField
          label="Frame rate"
          inputMode="numeric"
          suffix="fps"
          value={fps}
          onChange={(e) => setFps(e.target.value)}
          hint="Use the frame rate of the test videos."
          error={errors.fps}
        />
      </div>
      <div className="grid gap-4 sm:grid-cols-2">
        <InputField
          label="Player notes"
          value={playerNotes}
          onChange={(e) => setPlayerNotes(e.target.value)}
          placeholder="mpv 0.37, --vo=gpu, fullscreen"
          error={errors.playerNotes}
        />
        <InputField
          label="Monitor notes"
          value={monitorNotes}
          onChange={(e) => setMonitorNotes(e.target.value)}
          placeholder="Dell U2720Q, 60 Hz, game mode off"
          error={errors.monitorNotes}
        />
      </div>
      <div className="flex flex-wrap items-center gap-4">
        <Button type="submit" pending={calibrate.isPending}>
          Start calibration
        </Button>
        <a className="text-sm text-link hover:underline" href={`/api/calibration-video?${query}`} download>
          Download the calibration video
        </a>
        <a className="text-sm text-link hover:underline" href={`/api/calibration-video?${query}&frames=1`} download>
          and its frame list (JSON)
        </a>
      </div>
    </form>
  );
}
