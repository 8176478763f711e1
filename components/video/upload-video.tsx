"use client";
/**
 * Uploads a video file with a progress bar: the browser streams the file as the request body
 * (the server never holds it whole); a duplicate is recognised and its existing entry linked.
 * Tags filled in are given to the new video once it is stored (a duplicate keeps its own).
 */
import { useMutation } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { useTRPC } from "@/components/trpc/client";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { FieldFrame } from "@/components/ui/field";
import { ProgressBar } from "@/components/ui/progress-bar";
import { videoTagsSchema } from "@/lib/validation/video";
import { emptyTags, type TagValues, tagsInput, VideoTagFields } from "./video-tag-fields";

type Uploaded = { video: { id: string; fileName: string }; duplicate: boolean };

export function UploadVideo({ onUploaded }: { onUploaded: () => void }) {
  const [file, setFile] = useState<File | null>(null);
  const [percent, setPercent] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<Uploaded | null>(null);
  const [tags, setTags] = useState<TagValues>(emptyTags);
  const [tagNote, setTagNote] = useState<string | null>(null);
  const trpc = useTRPC();
  const updateTags = useMutation(trpc.videos.updateTags.mutationOptions());

  const upload = (event: React.FormEvent) => {
    event.preventDefault();
    if (!file) return setError("Choose a video file first");
    const parsedTags = videoTagsSchema.safeParse(tagsInput(tags));
    if (!parsedTags.success) return setError(parsedTags.error.issues[0]?.message ?? "Check the tags");
    const wanted = Object.values(parsedTags.data).some((v) => v !== undefined);
    setError(null);
    setTagNote(null);
    setDone(null);
    setPercent(0);
    const request = new XMLHttpRequest();
    request.open("POST", `/api/videos/upload?name=${encodeURIComponent(file.name)}`);
    request.upload.onprogress = (e) => e.lengthComputable && setPercent((100 * e.loaded) / e.total);
    request.onload = () => {
      setPercent(null);
      const body = JSON.parse(request.responseText || "{}");
      if (request.status >= 400) return setError(body.error?.message ?? `Upload failed (HTTP ${request.status})`);
      const uploaded = body as Uploaded;
      setDone(uploaded);
      if (wanted && uploaded.duplicate) {
        setTagNote("It keeps its own tags: change them on its page.");
      } else if (wanted) {
        updateTags
          .mutateAsync({ id: uploaded.video.id, tags: parsedTags.data })
          .then(() => {
            setTags(emptyTags);
            onUploaded();
          })
          .catch((e: Error) =>
            setTagNote(`Uploaded, but the tags were not saved (${e.message}): set them on its page.`),
          );
        return;
      }
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
        <FieldFrame label="Video file" error={error ?? undefined} hint="MP4, MOV, MKV, WebM or AVI, up to 20 GB.">
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
      <details className="rounded-md ring-1 ring-slate-200">
        <summary className="cursor-pointer px-3 py-2 text-sm font-medium text-slate-700">
          Tags (optional) — camera view, scenario, lighting, weather, VRU classes
        </summary>
        <div className="px-3 pb-3">
          <VideoTagFields idPrefix="upload" values={tags} onChange={setTags} />
        </div>
      </details>
      {percent !== null ? <ProgressBar label="Upload progress" value={percent} /> : null}
      {done ? (
        <Alert tone="success">
          {done.duplicate ? "This file is in the library already: " : "Uploaded: "}
          <Link href={`/videos/${done.video.id}`} className="font-medium underline">
            {done.video.fileName}
          </Link>
          {tagNote ? ` — ${tagNote}` : null}
        </Alert>
      ) : null}
    </form>
  );
}
