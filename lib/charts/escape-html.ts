/**
 * Text made safe to place in HTML: chart tooltips are HTML strings (ECharts sets them as
 * innerHTML), and a class name, a label or a file name in them comes from rigs and files.
 */
export function escapeHtml(text: string): string {
  return text
    .replaceAll("&", "&amp;")
    .replaceAll("<", "&lt;")
    .replaceAll(">", "&gt;")
    .replaceAll('"', "&quot;")
    .replaceAll("'", "&#39;");
}
