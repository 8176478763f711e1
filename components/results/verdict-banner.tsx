/** The run's verdict in one line a manager can act on, with what decided it. */
import { cn } from "@/components/ui/cn";
import { ruleSentence } from "@/lib/analysis/rule-sentence";
import type { Results } from "./types";

/** "Minimum F1 score" inside a sentence: "minimum F1 score" (acronyms keep their capitals). */
const lowerFirst = (label: string) => label.charAt(0).toLowerCase() + label.slice(1);

const looks = {
  pass: { text: "PASS", className: "bg-emerald-50 text-emerald-900 ring-emerald-300" },
  fail: { text: "FAIL", className: "bg-red-50 text-red-900 ring-red-300" },
  incomplete: { text: "INCOMPLETE", className: "bg-amber-50 text-amber-900 ring-amber-300" },
  inconclusive: { text: "INCONCLUSIVE", className: "bg-amber-50 text-amber-900 ring-amber-300" },
  "n/a": { text: "N/A", className: "bg-slate-50 text-slate-800 ring-slate-300" },
} as const;

/**
 * A dry run's playback was simulated: said in the banner, above any verdict. What it may still
 * rest on are detection files imported into it (recorded elsewhere), and the note says so.
 */
function DryRunNote({ dryRun, importedSessions }: { dryRun: boolean; importedSessions: number }) {
  if (!dryRun) return null;
  return (
    <p className="mb-2 text-sm font-semibold" data-dry-run>
      {importedSessions > 0
        ? `Dry run: no rig played this run; its figures rest only on ${importedSessions} imported detection file${importedSessions === 1 ? "" : "s"}.`
        : "Dry run: playback was simulated without a rig, so this verdict says nothing about the camera."}
    </p>
  );
}

function VideoList({ label, videos }: { label: string; videos: { videoId: string; fileName: string }[] }) {
  if (videos.length === 0) return null;
  return (
    <p className="mt-1 text-sm">
      {label}:{" "}
      <span data-video-list={label}>
        {videos.map((v, i) => (
          <span key={v.videoId}>
            {i > 0 ? ", " : ""}
            <span className="font-mono text-xs">{v.fileName}</span>
          </span>
        ))}
      </span>
    </p>
  );
}

/** The requirement set's effect, naming the cases that keep the run from passing. */
function CaseLine({ evaluation }: { evaluation: NonNullable<Results["evaluation"]> }) {
  const matrix = evaluation.testCases;
  if (!matrix?.verdict) return null;
  const named = (status: string) => matrix.rows.filter((r) => r.required && r.status === status).map((r) => r.id);
  const failing = named("fail");
  const uncovered = [...named("not covered"), ...named("incomplete")];
  return (
    <p className="mt-1 text-sm" data-test-cases={matrix.verdict}>
      Test cases: {matrix.summary}
      {failing.length ? ` · failing: ${failing.join(", ")}` : ""}
      {uncovered.length ? ` · not covered or incomplete: ${uncovered.join(", ")}` : ""}
    </p>
  );
}

export function VerdictBanner({
  evaluation,
  runState,
  dryRun = false,
  importedSessions = 0,
}: {
  evaluation: Results["evaluation"];
  runState: string;
  dryRun?: boolean;
  importedSessions?: number;
}) {
  if (!evaluation) {
    return (
      <section aria-label="Verdict" className={cn("rounded-lg px-5 py-4 ring-1", looks["n/a"].className)}>
        <DryRunNote dryRun={dryRun} importedSessions={importedSessions} />
        <p className="text-lg font-semibold">No verdict yet</p>
        <p className="text-sm">
          {runState === "completed" || runState === "failed"
            ? "This run has not been analysed."
            : "The run analyses its sessions when it reaches the analysis phase."}
        </p>
      </section>
    );
  }
  const verdict = evaluation.verdict;
  const failed = evaluation.criteria.filter((c) => c.status === "fail");
  const inconclusive = evaluation.criteria.filter((c) => c.status === "inconclusive");
  const failingVideos = evaluation.byVideo.filter((v) => v.verdict === "fail");
  const inconclusiveVideos = evaluation.byVideo.filter((v) => v.verdict === "inconclusive");
  const passed = evaluation.criteria.filter((c) => c.status === "pass");
  const judged = evaluation.criteria.filter((c) => c.status !== "n/a");
  return (
    <section aria-label="Verdict" className={cn("rounded-lg px-5 py-4 ring-1", looks[verdict].className)}>
      <DryRunNote dryRun={dryRun} importedSessions={importedSessions} />
      <p className="text-2xl font-bold tracking-tight">
        {dryRun ? "Dry-run verdict" : "Verdict"}: <span data-verdict={verdict}>{looks[verdict].text}</span>
      </p>
      {verdict === "incomplete" && evaluation.missingVideos.length === 0 ? (
        <p className="mt-1 text-sm">
          {`The requirement set's test cases are not all covered, so the run cannot pass. ${passed.length} of ${judged.length} judged criteria passed`}
          {failed.length ? ` (failed: ${failed.map((c) => lowerFirst(c.label)).join(", ")})` : ""}.
        </p>
      ) : verdict === "incomplete" ? (
        <p className="mt-1 text-sm">
          {`Not every assigned video was played to the end: ${evaluation.missingVideos.length} of ${evaluation.assignedVideos} ${evaluation.assignedVideos === 1 ? "video has" : "videos have"} no completed session, so the run cannot pass. On the videos that were played, ${passed.length} of ${judged.length} judged criteria passed`}
          {failed.length ? ` (failed: ${failed.map((c) => lowerFirst(c.label)).join(", ")})` : ""}.
        </p>
      ) : (
        <p className="mt-1 text-sm">
          {verdict === "n/a"
            ? (evaluation.criteria.find((c) => c.note && c.note !== "disabled")?.note ?? "nothing could be judged")
            : `${passed.length} of ${judged.length} judged criteria passed`}
          {failed.length ? ` · failed: ${failed.map((c) => lowerFirst(c.label)).join(", ")}` : ""}
          {inconclusive.length
            ? ` · inconclusive: ${inconclusive.map((c) => lowerFirst(c.label)).join(", ")} (more events would settle ${inconclusive.length === 1 ? "it" : "them"})`
            : ""}
          {dryRun && verdict === "inconclusive" && !inconclusive.length && !failingVideos.length
            ? " · a dry run cannot pass: play the videos on a rig"
            : ""}
        </p>
      )}
      <VideoList label="Failing videos" videos={failingVideos} />
      <CaseLine evaluation={evaluation} />
      <VideoList label="Inconclusive videos" videos={inconclusiveVideos} />
      <p className="mt-2 text-xs">{ruleSentence(evaluation.judging)}</p>
      {evaluation.missingVideos.length ? (
        <ul aria-label="Videos without a completed session" className="mt-2 list-disc pl-5 text-sm">
          {evaluation.missingVideos.map((v) => (
            <li key={v.videoId}>
              <span className="font-mono text-xs">{v.fileName}</span> — {v.reason}
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}
