"use client";
/**
 * Renaming and deleting a video from its page (engineers). Deleting asks once more; a video a
 * run has played is kept, and the refusal says why.
 */
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useTRPC } from "@/components/trpc/client";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { InputField } from "@/components/ui/field";

export function VideoActions({ video }: { video: { id: string; fileName: string } }) {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const rename = useMutation(trpc.videos.rename.mutationOptions());
  const remove = useMutation(trpc.videos.delete.mutationOptions());
  const [mode, setMode] = useState<"idle" | "rename" | "delete">("idle");
  const [name, setName] = useState(video.fileName);
  const [failure, setFailure] = useState<string | null>(null);

  const saveName = async (event: React.FormEvent) => {
    event.preventDefault();
    setFailure(null);
    try {
      await rename.mutateAsync({ id: video.id, fileName: name });
      await queryClient.invalidateQueries({ queryKey: trpc.videos.byId.queryKey({ id: video.id }) });
      await queryClient.invalidateQueries({ queryKey: trpc.videos.list.queryKey() });
      setMode("idle");
    } catch (error) {
      setFailure((error as Error).message.replace(/^fileName: /, ""));
    }
  };
  const deleteVideo = async () => {
    setFailure(null);
    try {
      await remove.mutateAsync({ id: video.id });
      await queryClient.invalidateQueries({ queryKey: trpc.videos.list.queryKey() });
      router.push("/videos");
    } catch (error) {
      setFailure((error as Error).message);
      setMode("idle");
    }
  };

  return (
    <div className="space-y-2">
      {failure ? <Alert>{failure}</Alert> : null}
      {mode === "rename" ? (
        <form onSubmit={saveName} aria-label="Rename the video" className="flex flex-wrap items-end gap-2">
          <InputField label="Name" value={name} maxLength={255} onChange={(e) => setName(e.target.value)} />
          <Button type="submit" pending={rename.isPending}>
            Save name
          </Button>
          <Button variant="ghost" onClick={() => setMode("idle")}>
            Keep the name
          </Button>
        </form>
      ) : mode === "delete" ? (
        <fieldset className="flex flex-wrap items-center gap-2" aria-label="Confirm deletion">
          <span className="text-sm text-slate-700">Delete this video and its ground truth for good?</span>
          <Button variant="danger" pending={remove.isPending} onClick={deleteVideo}>
            Delete for good
          </Button>
          <Button variant="ghost" onClick={() => setMode("idle")}>
            Keep it
          </Button>
        </fieldset>
      ) : (
        <div className="flex flex-wrap gap-2">
          <Button variant="secondary" onClick={() => setMode("rename")}>
            Rename
          </Button>
          <Button variant="danger" onClick={() => setMode("delete")}>
            Delete video
          </Button>
        </div>
      )}
    </div>
  );
}
