/** One colour per VRU class on the annotation timeline (and its legend). */
import { vruClassNames } from "@/lib/validation/video";

// Dark enough for white labels (contrast ≥ 4.5).
const palette = ["#2459c0", "#047857", "#b45309", "#7c3aed", "#be123c"] as const;

export function classColour(name: string): string {
  const index = (vruClassNames as readonly string[]).indexOf(name);
  return palette[index >= 0 ? index % palette.length : 0] ?? palette[0];
}
