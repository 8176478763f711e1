/** One colour per outcome, the same in every chart and legend of the results page. */
export const outcomeColours = {
  tp: "#059669",
  fn: "#dc2626",
  pending: "#94a3b8",
  fp: "#d97706",
  retrigger: "#7c3aed",
  warning: "#d97706",
  critical: "#dc2626",
  bars: "#2f6fde",
  window: "#93c5fd",
} as const;
