"use client";
/**
 * One ECharts chart in a sized box. ECharts is loaded in the browser only (it measures the DOM),
 * the chart follows its box's size, and it is disposed with the component. The box carries the
 * chart's accessible name; `summary` is read out in place of the drawing.
 */
import type { EChartsCoreOption } from "echarts/core";
import { useEffect, useRef, useState } from "react";

/** Charts draw at once for people who asked their system for less motion. */
function withMotion(option: EChartsCoreOption): EChartsCoreOption {
  const reduce = typeof window !== "undefined" && window.matchMedia?.("(prefers-reduced-motion: reduce)").matches;
  return reduce ? { ...option, animation: false } : option;
}

export function EChart({
  option,
  label,
  summary,
  height = 240,
}: {
  option: EChartsCoreOption;
  label: string;
  summary: string;
  height?: number;
}) {
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<{ setOption: (o: EChartsCoreOption, replace: boolean) => void; dispose: () => void } | null>(
    null,
  );
  const [failed, setFailed] = useState<string | null>(null);
  // The newest option, for the chart that loads after the first render.
  const latest = useRef(option);
  latest.current = option;

  useEffect(() => {
    let disposed = false;
    let observer: ResizeObserver | undefined;
    import("@/lib/charts/echarts-setup")
      .then(({ echarts }) => {
        if (disposed || !box.current) return;
        const instance = echarts.init(box.current, undefined, { renderer: "svg" });
        chart.current = instance;
        instance.setOption(withMotion(latest.current), true);
        observer = new ResizeObserver(() => instance.resize());
        observer.observe(box.current);
      })
      .catch((error: unknown) => setFailed(error instanceof Error ? error.message : String(error)));
    return () => {
      disposed = true;
      observer?.disconnect();
      chart.current?.dispose();
      chart.current = null;
    };
  }, []);

  // Option changes redraw the chart that exists.
  useEffect(() => {
    chart.current?.setOption(withMotion(option), true);
  }, [option]);

  return (
    <figure className="m-0">
      {/* ECharts labels the box it draws in itself (aria), so the name sits on a wrapper. */}
      <div role="img" aria-label={label}>
        <div ref={box} style={{ height }} className="w-full" />
      </div>
      <figcaption className="sr-only">{summary}</figcaption>
      {failed ? <p className="text-sm text-red-700">The chart could not be drawn: {failed}</p> : null}
    </figure>
  );
}
