/**
 * A run's results as the REST API gives them (snake_case): the verdict with the decision rule it
 * followed, every criterion with its bound, the figures with their intervals overall, per class,
 * per video and per session, and the videos the verdict could not cover.
 */
import type { ClassResult, Counts, LatencyStats } from "@/lib/analysis/evaluate";
import type { Figures } from "@/lib/analysis/evaluate-run";
import type { FigureIntervals } from "@/lib/analysis/figure-intervals";
import type { getResults } from "../services/results/get-results";

type Results = Awaited<ReturnType<typeof getResults>>;

function intervalsJson(i: FigureIntervals | null | undefined) {
  if (!i) return null;
  return {
    method: i.method,
    level: i.level,
    precision: i.precision,
    recall: i.recall,
    false_positive_rate: i.falsePositiveRate,
    accuracy: i.accuracy,
    false_positives_per_hour: i.falsePositivesPerHour,
    latency_ms: i.latencyMs,
  };
}

function figuresJson(
  counts: Counts | null,
  ratios: Figures["metrics"] | null,
  latency: LatencyStats | null,
  i?: FigureIntervals | null,
) {
  return {
    counts,
    precision: ratios?.precision ?? null,
    recall: ratios?.recall ?? null,
    f1: ratios?.f1 ?? null,
    false_positive_rate: ratios?.falsePositiveRate ?? null,
    accuracy: ratios?.accuracy ?? null,
    false_positives_per_hour: ratios?.falsePositivesPerHour ?? null,
    latency_ms: latency
      ? { mean: latency.mean, p50: latency.p50, p95: latency.p95, p99: latency.p99, max: latency.max }
      : null,
    intervals: intervalsJson(i),
  };
}

const classJson = (c: ClassResult) => figuresJson(c.counts, c.ratios, c.latencyMs, c.intervals);

export function resultsJson(r: Results) {
  const e = r.evaluation;
  return {
    workflow_id: r.workflow.id,
    name: r.workflow.name,
    firmware_version: r.workflow.firmwareVersion,
    software_id: r.workflow.softwareId,
    software_notes: r.workflow.softwareNotes,
    dry_run: r.workflow.dryRun,
    status: r.workflow.state,
    analysed_at: e ? e.createdAt.toISOString() : null,
    verdict: e?.verdict ?? null,
    judging: e
      ? {
          confidence_level: e.judging.confidenceLevel,
          interval_method: e.judging.intervalMethod,
          decision_rule: e.judging.decisionRule,
          verdict_scope: e.judging.verdictScope,
        }
      : null,
    criteria:
      e?.criteria.map((c) => ({
        key: c.key,
        label: c.label,
        comparison: c.comparison,
        value: c.value,
        limit: c.limit,
        ...(c.statistic ? { statistic: c.statistic } : {}),
        enabled: c.enabled,
        status: c.status,
        bound: c.bound ?? null,
        more_events: c.moreEvents ?? null,
        note: c.note ?? null,
      })) ?? [],
    overall: e ? figuresJson(e.counts, e.metrics, e.latency, e.intervals) : null,
    /** DESIGN §12: which time base the latencies use; the raw figures where they are corrected. */
    timing: e?.timing
      ? {
          basis: e.timing.basis,
          statement: e.timing.statement,
          raw_latency_ms: e.rawLatency
            ? {
                mean: e.rawLatency.mean,
                p50: e.rawLatency.p50,
                p95: e.rawLatency.p95,
                p99: e.rawLatency.p99,
                max: e.rawLatency.max,
              }
            : null,
          correction_standard_error_ms: e.timing.uncertainty?.standardErrorMs ?? null,
          warnings: e.timing.warnings,
          refused: e.timing.refused,
          clock: {
            bound_ms: e.timing.clock.boundMs,
            worst_offset_change_ms: e.timing.clock.worstOffsetChangeMs,
            worst_rtt_ms: e.timing.clock.worstRttMs,
            flagged_sessions: e.timing.clock.flagged.map((f) => f.sessionId),
          },
        }
      : null,
    per_class: e ? Object.fromEntries(Object.entries(e.perClass).map(([name, c]) => [name, classJson(c)])) : {},
    per_video:
      e?.byVideo.map((v) => ({
        video_id: v.videoId,
        file_name: v.fileName,
        sessions: v.sessions,
        verdict: v.verdict,
        ...figuresJson(v.counts, v.metrics, v.latency, v.intervals),
        // DESIGN §13: against the events' own windows (null / 0 where the video has none).
        worst_margin_ms: v.window?.worstMarginMs ?? null,
        early_activations: v.window?.earlyActivations ?? 0,
      })) ?? [],
    /** DESIGN §13: the regulation test-case matrix; null where the run has no test case. */
    test_cases: e?.testCases
      ? {
          verdict: e.testCases.verdict,
          summary: e.testCases.summary,
          cases: e.testCases.rows.map((c) => ({
            id: c.id,
            regulation: c.regulation,
            paragraph: c.paragraph,
            title: c.title,
            kind: c.kind,
            required: c.required,
            status: c.status,
            reasons: c.reasons,
            events: c.events,
            detected: c.detected,
            recall: c.recall,
            recall_interval: c.recallInterval,
            early_activations: c.earlyActivations,
            false_positives: c.falsePositives,
            worst_margin_ms: c.worstMarginMs,
            worst_margin_m: c.worstMarginM,
            verify: c.verify,
            videos: c.videos.map((v) => ({
              video_id: v.videoId,
              file_name: v.fileName,
              played: v.played,
              events: v.events,
              detected: v.detected,
              early_activations: v.early,
              false_positives: v.falsePositives,
              worst_margin_ms: v.worstMarginMs,
            })),
          })),
        }
      : null,
    sessions: r.sessions.map((s) => ({
      session_id: s.id,
      video_id: s.videoId,
      file_name: s.fileName,
      status: s.status,
      source: s.source,
      verdict: s.verdict,
      ...figuresJson(s.counts, s.metrics, s.latency, s.intervals),
      /** Matches of events with a deadline (at most 2,000 listed; `matches_with_margin` counts them all). */
      matches: s.windowedMatches.map((m) => ({
        ground_truth_id: m.groundTruthId,
        detection_id: m.detectionId,
        latency_ms: m.latencyMs,
        margin_ms: m.marginMs ?? null,
      })),
      matches_with_margin: s.windowedMatchesTotal,
      early_activations: s.earlyActivations,
    })),
    missing_videos:
      e?.missingVideos.map((m) => ({ video_id: m.videoId, file_name: m.fileName, reason: m.reason })) ?? [],
  };
}
