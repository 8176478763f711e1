import { echarts } from "@/lib/charts/echarts-setup";
import { latencyHistogramOption } from "@/lib/charts/latency-histogram-option";

const chart = echarts.init(null, null, { renderer: "svg", ssr: true, width: 495, height: 220 });
chart.setOption(latencyHistogramOption([50, 60], 80, 150).option);
console.log(chart.renderToSVGString().slice(0, 400));
