"use client";
/**
 * Imports a recorded detection file for one video of the run: a session as a rig would have
 * reported it. Validated with the procedure's own schema before sending; the server's errors
 * (a malformed line, a video of another camera) appear next to the field they concern.
 */
import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { useTRPC } from "@/components/trpc/client";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { FieldFrame, SelectField } from "@/components/ui/field";
import { importDetectionsSchema } from "@/lib/validation/results";
import type { Results } from "./types";

type FieldErrors = { videoId?: string; file?: string };

export function ImportDetectionsForm({
  workflowId,
  videos,
  onImported,
}: {
  workflowId: string;
  videos: Results["videos"];
  onImported: (message: string) => void;
}) {
  const trpc = useTRPC();
  const importDetections = useMutation(trpc.results.importDetections.mutationOptions());
  const [videoId, setVideoId] = useState("");
  const [file, setFile] = useState<File | null>(null);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [failure, setFailure] = useState<string | null>(null);

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    setFailure(null);
    if (!file) {
      setErrors({ file: "Choose the CSV, JSON or text file of detection times" });
      return;
    }
    const parsed = importDetectionsSchema.safeParse({
      workflowId,
      videoId,
      fileName: file.name,
      content: await file.text(),
    });
    if (!parsed.success) {
      const found: FieldErrors = {};
      for (const issue of parsed.error.issues) {
        const field = issue.path[0] === "videoId" ? "videoId" : "file";
        found[field] ??= issue.message;
      }
      setErrors(found);
      return;
    }
    setErrors({});
    try {
      const imported = await importDetections.mutateAsync(parsed.data);
      const analysed = imported.analysis
        ? (imported.analysis.error ??
          ` The run was analysed again: verdict ${String(imported.analysis.verdict).toUpperCase()}.`)
        : " The run analyses them when it reaches its analysis phase.";
      onImported(
        `Imported ${imported.detections} detection${imported.detections === 1 ? "" : "s"} for ${imported.videoFileName}.${analysed.startsWith(" ") ? analysed : ` ${analysed}`}`,
      );
      setFile(null);
      (event.target as HTMLFormElement).reset();
    } catch (error) {
      const fieldErrors = (error as { data?: { fieldErrors?: Record<string, string[]> } }).data?.fieldErrors ?? {};
      const found: FieldErrors = {};
      if (fieldErrors.videoId) found.videoId = fieldErrors.videoId.join("; ");
      const fileError = fieldErrors.content ?? fieldErrors.fileName;
      if (fileError) found.file = fileError.join("; ");
      setErrors(found);
      if (!found.videoId && !found.file) setFailure((error as Error).message);
    }
  };

  return (
    <form onSubmit={submit} noValidate aria-label="Import recorded detections" className="space-y-4">
      {failure ? <Alert>{failure}</Alert> : null}
      <div className="grid gap-4 sm:grid-cols-2">
        <SelectField
          label="Video"
          value={videoId}
          onChange={(e) => setVideoId(e.target.value)}
          error={errors.videoId}
          hint="The video the camera was shown when the detections were recorded."
          options={[
            { value: "", label: videos.length ? "Choose a video…" : "No video fits this project's camera" },
            ...videos.map((v) => ({
              value: v.id,
              label: `${v.fileName}${v.durationMs ? ` (${(v.durationMs / 1000).toFixed(1)} s)` : ""} — ${v.events} ground-truth events`,
            })),
          ]}
        />
        <FieldFrame
          label="Detection file"
          error={errors.file}
          hint="Times in seconds from the start of the video: CSV with a header (time or onset, optional offset, class, confidence), JSON, or one time per line."
        >
          {({ id, describedBy, invalid }) => (
            <input
              id={id}
              type="file"
              accept=".csv,.json,.txt,.tsv,text/csv,application/json,text/plain"
              aria-invalid={invalid || undefined}
              aria-describedby={describedBy}
              onChange={(e) => setFile(e.target.files?.[0] ?? null)}
              className="block w-full text-sm text-slate-700 file:mr-3 file:rounded-md file:border-0 file:bg-slate-100 file:px-3 file:py-2 file:text-sm file:font-medium hover:file:bg-slate-200"
            />
          )}
        </FieldFrame>
      </div>
      <Button type="submit" pending={importDetections.isPending}>
        Import detections
      </Button>
    </form>
  );
}
