"use client";
/**
 * Uploads a video file with a progress bar: the browser streams the file as the request body
 * (the server never holds it whole); a duplicate is recognised and its existing entry linked.
 */
import Link from "next/link";
import { useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { FieldFrame } from "@/components/ui/field";
import { ProgressBar } from "@/components/ui/progress-bar";

type Uploaded = { video: { id: string; fileName: string }; duplicate: boolean };

export function UploadVideo({ onUploaded }: { onUploaded: () => void }) {
  const [file, setFile] = useState<File | null>(null);
  const [percent, setPercent] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<Uploaded | null>(null);

  const upload = (event: React.FormEvent) => {
    event.preventDefault();
    if (!file) return setError("Choose a video file first");
    setError(null);
    setDone(null);
    setPercent(0);
    const request = new XMLHttpRequest();
    request.open("POST", `/api/videos/upload?name=${encodeURIComponent(file.name)}`);
    request.upload.onprogress = (e) => e.lengthComputable && setPercent((100 * e.loaded) / e.total);
    request.onload = () => {
      setPercent(null);
      const body = JSON.parse(request.responseText || "{}");
      if (request.status >= 400) return setError(body.error?.message ?? `Upload failed (HTTP ${request.status})`);
      setDone(body as Uploaded);
      onUploaded();
    };
    request.onerror = () => {
      setPercent(null);
      setError("The upload was interrupted (network). Choose the file again to restart it.");
    };
    request.send(file);
  };

  return (
    <form onSubmit={upload} noValidate aria-label="Upload a video" className="space-y-3">
      <div className="flex flex-wrap items-end gap-3">
        <FieldFrame label="Video file" error={error ?? undefined} hint="MP4, MOV, MKV, WebM or AVI; any size.">
          {({ id, describedBy, invalid }) => (
            <input
              id={id}
              type="file"
              accept="video/*,.mkv"
              aria-invalid={invalid || undefined}
              aria-describedby={describedBy}
              onChange={(e) => setFile(e.target.files?.[0] ?? null)}
              className="block text-sm text-slate-700 file:mr-3 file:rounded-md file:border-0 file:bg-slate-100 file:px-3 file:py-2 file:text-sm file:font-medium"
            />
          )}
        </FieldFrame>
        <Button type="submit" pending={percent !== null}>
          Upload
        </Button>
      </div>
      {percent !== null ? <ProgressBar label="Upload progress" value={percent} /> : null}
      {done ? (
        <Alert tone="success">
          {done.duplicate ? "This file is in the library already: " : "Uploaded: "}
          <Link href={`/videos/${done.video.id}`} className="font-medium underline">
            {done.video.fileName}
          </Link>
        </Alert>
      ) : null}
    </form>
  );
}
