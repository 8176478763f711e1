"use client";
/**
 * A video's tags on its page: read by everyone, edited by engineers. Saving replaces the tags
 * (the codec read at upload is kept); the library and the assignment scores follow at once.
 */
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTRPC } from "@/components/trpc/client";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { cameraViewLabel } from "@/lib/validation/project";
import { videoTagsSchema } from "@/lib/validation/video";
import { type TagValues, tagsInput, tagValuesOf, VideoTagFields } from "./video-tag-fields";

type Video = { id: string; tags: Record<string, unknown> };

export function VideoTagsCard({ video, canEdit }: { video: Video; canEdit: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const saved = tagValuesOf(video.tags);
  const [values, setValues] = useState<TagValues>(saved);
  const [errors, setErrors] = useState<Partial<Record<keyof TagValues, string>>>({});
  const [notice, setNotice] = useState<string | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const update = useMutation(trpc.videos.updateTags.mutationOptions());
  const changed = JSON.stringify(values) !== JSON.stringify(saved);
  // Tags saved elsewhere (another tab, a ground-truth file) show here unless being edited.
  const savedKey = JSON.stringify(saved);
  const [shown, setShown] = useState(savedKey);
  if (savedKey !== shown) {
    setShown(savedKey);
    if (JSON.stringify(values) === shown) setValues(saved);
  }

  const save = async (event: React.FormEvent) => {
    event.preventDefault();
    setNotice(null);
    setFailure(null);
    const parsed = videoTagsSchema.safeParse(tagsInput(values));
    if (!parsed.success) {
      const found: typeof errors = {};
      for (const issue of parsed.error.issues) found[issue.path[0] as keyof TagValues] ??= issue.message;
      return setErrors(found);
    }
    setErrors({});
    try {
      await update.mutateAsync({ id: video.id, tags: parsed.data });
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: trpc.videos.byId.queryKey({ id: video.id }) }),
        queryClient.invalidateQueries({ queryKey: trpc.videos.list.queryKey() }),
      ]);
      setNotice("Tags saved.");
    } catch (error) {
      const fieldErrors = (error as { data?: { fieldErrors?: Record<string, string[]> } }).data?.fieldErrors ?? {};
      const found: typeof errors = {};
      for (const [path, messages] of Object.entries(fieldErrors)) {
        found[path.replace(/^tags\./, "").split(".")[0] as keyof TagValues] = messages.join("; ");
      }
      setErrors(found);
      if (Object.keys(found).length === 0) setFailure((error as Error).message);
    }
  };

  if (!canEdit) {
    const shown: [string, string][] = [
      ["Camera view", saved.cameraView ? cameraViewLabel(saved.cameraView) : "not tagged"],
      ["Scenario", saved.scenario || "—"],
      ["Lighting", saved.lighting || "—"],
      ["Weather", saved.weather || "—"],
      ["VRU classes", saved.vruClasses.join(", ") || "—"],
      ["Test case", saved.testCase || "—"],
    ];
    return (
      <Card title="Tags">
        <dl className="grid gap-2 text-sm sm:grid-cols-3 lg:grid-cols-6" aria-label="Video tags">
          {shown.map(([k, v]) => (
            <div key={k}>
              <dt className="text-slate-500">{k}</dt>
              <dd className="font-medium">{v}</dd>
            </div>
          ))}
        </dl>
      </Card>
    );
  }
  return (
    <Card
      title="Tags"
      description="The camera view decides which projects this video fits; all tags weigh in the assignment score and the library's filters."
    >
      <form onSubmit={save} noValidate aria-label="Video tags" className="space-y-4">
        {failure ? <Alert>{failure}</Alert> : null}
        <VideoTagFields
          idPrefix={`tags-${video.id}`}
          values={values}
          errors={errors}
          onChange={(v) => {
            setValues(v);
            setNotice(null);
          }}
        />
        <div className="flex items-center gap-3">
          <Button type="submit" pending={update.isPending} disabled={!changed}>
            Save tags
          </Button>
          {notice ? (
            <p role="status" className="text-sm text-emerald-700">
              {notice}
            </p>
          ) : changed ? (
            <p className="text-sm text-slate-500">Unsaved changes</p>
          ) : null}
        </div>
      </form>
    </Card>
  );
}
