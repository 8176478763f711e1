"use client";
/**
 * Tags the videos selected in the library at once: the tags filled in replace each video's
 * (empty fields leave them as they are); VRU classes are added or removed.
 */
import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { useTRPC } from "@/components/trpc/client";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { SelectField } from "@/components/ui/field";
import { tagVideosSchema, vruClassNames } from "@/lib/validation/video";
import { emptyTags, type TagValues, tagsInput, VideoTagFields } from "./video-tag-fields";

export function BulkTagForm({
  ids,
  onDone,
  onClear,
}: {
  ids: string[];
  onDone: (message: string) => void;
  onClear: () => void;
}) {
  const trpc = useTRPC();
  const tag = useMutation(trpc.videos.tagMany.mutationOptions());
  const [values, setValues] = useState<TagValues>(emptyTags);
  const [addClass, setAddClass] = useState("");
  const [removeClass, setRemoveClass] = useState("");
  const [failure, setFailure] = useState<string | null>(null);
  const n = ids.length;

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    setFailure(null);
    const { vruClasses: _none, ...set } = tagsInput(values);
    const parsed = tagVideosSchema.safeParse({
      ids,
      set,
      addVruClasses: addClass ? [addClass] : [],
      removeVruClasses: removeClass ? [removeClass] : [],
    });
    if (!parsed.success) return setFailure(parsed.error.issues[0]?.message ?? "Check the tags");
    try {
      const done = await tag.mutateAsync(parsed.data);
      onDone(`Tagged ${done.tagged} video${done.tagged === 1 ? "" : "s"}.`);
    } catch (error) {
      setFailure((error as Error).message);
    }
  };

  return (
    <form
      onSubmit={submit}
      noValidate
      aria-label="Tag the selected videos"
      className="mb-4 space-y-3 rounded-md bg-slate-50 p-4 ring-1 ring-slate-200"
    >
      <div className="flex flex-wrap items-center justify-between gap-2">
        <p className="text-sm font-medium text-slate-800">
          Tag {n} selected video{n === 1 ? "" : "s"}{" "}
          <span className="font-normal text-slate-500">— empty fields leave each video's tag as it is</span>
        </p>
        <Button type="button" variant="ghost" onClick={onClear}>
          Clear selection
        </Button>
      </div>
      {failure ? <Alert>{failure}</Alert> : null}
      <VideoTagFields
        idPrefix="bulk"
        values={values}
        onChange={setValues}
        withClasses={false}
        emptyLabel="Leave as it is"
      />
      <div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-4">
        <SelectField
          label="Add a VRU class"
          value={addClass}
          onChange={(e) => setAddClass(e.target.value)}
          options={[{ value: "", label: "None" }, ...vruClassNames.map((c) => ({ value: c, label: c }))]}
        />
        <SelectField
          label="Remove a VRU class"
          value={removeClass}
          onChange={(e) => setRemoveClass(e.target.value)}
          options={[{ value: "", label: "None" }, ...vruClassNames.map((c) => ({ value: c, label: c }))]}
        />
      </div>
      <Button type="submit" pending={tag.isPending}>
        Apply to {n} video{n === 1 ? "" : "s"}
      </Button>
    </form>
  );
}
