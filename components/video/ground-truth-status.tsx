"use client";
/**
 * A video's ground-truth status (none, draft, reviewed) and the review: a second engineer marks
 * a draft reviewed; whoever made the last change is told why they cannot.
 */
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useCanEdit, useCurrentUser } from "@/components/shell/current-user";
import { type RouterOutputs, useTRPC } from "@/components/trpc/client";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";

type Video = RouterOutputs["videos"]["byId"];

const labels = { none: "no ground truth", draft: "draft", reviewed: "reviewed" } as const;
const tones = { none: "muted", draft: "neutral", reviewed: "good" } as const;

export function GroundTruthStatusBadge({ status }: { status: Video["groundTruthStatus"] }) {
  return <Badge tone={tones[status]}>{labels[status]}</Badge>;
}

export function GroundTruthReview({ video }: { video: Video }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const user = useCurrentUser();
  const canEdit = useCanEdit();
  const [error, setError] = useState<string | null>(null);
  const review = useMutation(
    trpc.groundTruth.review.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.videos.byId.queryKey({ id: video.id }) }),
      onError: (e) => setError(e.message),
    }),
  );
  const ownChange = video.groundTruthEditedBy === user.id;
  return (
    <div className="flex flex-wrap items-center gap-3 text-sm">
      <span className="text-slate-600">Ground truth:</span>
      <GroundTruthStatusBadge status={video.groundTruthStatus} />
      {video.groundTruthStatus === "reviewed" && video.groundTruthReviewedAt ? (
        <span className="text-xs text-slate-500">
          by {video.groundTruthReviewedByName ?? "a former user"} on {video.groundTruthReviewedAt.toLocaleString()}
        </span>
      ) : null}
      {video.groundTruthStatus === "draft" && video.groundTruthEditedByName ? (
        <span className="text-xs text-slate-500">last changed by {video.groundTruthEditedByName}</span>
      ) : null}
      {canEdit && video.groundTruthStatus === "draft" ? (
        ownChange ? (
          <span className="text-xs text-slate-500">You made the last change: another engineer reviews it.</span>
        ) : (
          <Button
            variant="secondary"
            pending={review.isPending}
            onClick={() => {
              setError(null);
              review.mutate({ videoId: video.id, reviewed: true });
            }}
          >
            Mark reviewed
          </Button>
        )
      ) : null}
      {canEdit && video.groundTruthStatus === "reviewed" ? (
        <Button
          variant="ghost"
          pending={review.isPending}
          onClick={() => {
            setError(null);
            review.mutate({ videoId: video.id, reviewed: false });
          }}
        >
          Reopen as draft
        </Button>
      ) : null}
      {error ? (
        <span role="alert" className="text-red-700">
          {error}
        </span>
      ) : null}
    </div>
  );
}
