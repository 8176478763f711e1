/**
 * The latency histogram's chart (ECharts option): the run's match latencies in bins, with the
 * warning and critical thresholds drawn as lines, so a reader sees at once how much of the
 * distribution lies beyond them. The results page draws it in the browser, the report on the
 * server: the same chart.
 */
import { outcomeColours } from "./outcome-colours";

/** A bin width of 1, 2 or 5 × 10^k ms giving about 20 bins. */
function binWidth(span: number): number {
  const raw = Math.max(span / 20, 1);
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  for (const step of [1, 2, 5, 10]) if (raw <= step * magnitude) return step * magnitude;
  return 10 * magnitude;
}

type Api = {
  value: (dimension: number) => number;
  coord: (point: [number, number]) => [number, number];
  style: () => Record<string, unknown>;
};

function renderBin(_params: unknown, api: Api) {
  const [x0, y0] = api.coord([api.value(0), 0]);
  const [x1, y1] = api.coord([api.value(1), api.value(2)]);
  return {
    type: "rect",
    shape: { x: x0 + 1, y: y1, width: Math.max(x1 - x0 - 2, 1), height: y0 - y1 },
    style: api.style(),
  };
}

/** What the bars count: a run's detections, or a calibration's flashes. */
type Counted = { one: string; many: string };
const detections: Counted = { one: "detection", many: "detections" };

export function latencyHistogramOption(
  latencies: readonly number[],
  warningMs: number | null,
  criticalMs: number | null,
  /** What the bars count; `fromZero: false` fits the axis to the values (a calibration's narrow spread). */
  { counted = detections, fromZero = true }: { counted?: Counted; fromZero?: boolean } = {},
) {
  let low = fromZero || latencies.length === 0 ? 0 : Math.min(...latencies);
  let high = criticalMs ?? 0;
  for (const x of latencies) {
    if (x < low) low = x;
    if (x > high) high = x;
  }
  const width = binWidth(high - low);
  const start = Math.floor(low / width) * width;
  const bins = new Map<number, number>();
  for (const latency of latencies) {
    const bin = Math.floor((latency - start) / width);
    bins.set(bin, (bins.get(bin) ?? 0) + 1);
  }
  const data = [...bins].map(([bin, n]) => ({
    value: [start + bin * width, start + (bin + 1) * width, n],
  }));
  const lines = [
    warningMs === null ? null : { xAxis: warningMs, name: `warning ${warningMs} ms`, colour: outcomeColours.warning },
    criticalMs === null
      ? null
      : { xAxis: criticalMs, name: `critical ${criticalMs} ms`, colour: outcomeColours.critical },
  ].filter((l) => l !== null);
  const above = (t: number | null) => (t === null ? 0 : latencies.filter((x) => x > t).length);
  return {
    option: {
      animation: false,
      aria: { enabled: true },
      // Room above the plot for the thresholds' labels: they sit there, never over the bars.
      grid: { left: 48, right: 24, top: 48, bottom: 40 },
      tooltip: {
        trigger: "item",
        formatter: (item: { data: { value: number[] } }) =>
          `${item.data.value[0]}–${item.data.value[1]} ms: ${item.data.value[2]} ${item.data.value[2] === 1 ? counted.one : counted.many}`,
      },
      xAxis: { type: "value", name: "ms", min: start, max: Math.ceil((high + width) / width) * width },
      yAxis: { type: "value", name: counted.many, minInterval: 1 },
      series: [
        {
          name: "Latency",
          type: "custom",
          renderItem: renderBin,
          encode: { x: [0, 1], y: 2 },
          itemStyle: { color: outcomeColours.bars },
          data,
        },
        {
          name: "Thresholds",
          type: "line",
          data: [[start, 0]],
          symbolSize: 0,
          lineStyle: { opacity: 0 },
          markLine: {
            symbol: "none",
            silent: true,
            label: { formatter: "{b}", position: "end", distance: 6, fontWeight: "bold" },
            data: lines.map((l, i) => ({
              xAxis: l.xAxis,
              name: l.name,
              lineStyle: { color: l.colour, type: "dashed", width: 2 },
              // Two labels side by side stay apart: the second one a line higher.
              label: { color: l.colour, distance: 6 + i * 14 },
            })),
          },
        },
      ],
    },
    summary:
      warningMs === null && criticalMs === null
        ? `${latencies.length} latencies of ${latencies.length} ${latencies.length === 1 ? counted.one : counted.many}.`
        : `${latencies.length} latencies; ${above(warningMs)} above the warning threshold, ${above(criticalMs)} above the critical threshold.`,
  };
}
