"use client";
import { useEffect, useState } from "react";
import { applyTheme, currentChoice, type ThemeChoice, themeChoices } from "./theme";

const labels: Record<ThemeChoice, string> = { system: "System theme", light: "Light", dark: "Dark" };

/** The colour scheme picker in the header. */
export function ThemeSelect() {
  const [choice, setChoice] = useState<ThemeChoice>("system");
  useEffect(() => setChoice(currentChoice()), []);
  return (
    <select
      aria-label="Colour theme"
      value={choice}
      onChange={(e) => {
        const next = e.target.value as ThemeChoice;
        setChoice(next);
        applyTheme(next);
      }}
      className="w-auto rounded-md border-0 bg-surface py-1 pr-7 pl-2 text-xs text-slate-700 ring-1 ring-slate-300"
    >
      {themeChoices.map((c) => (
        <option key={c} value={c}>
          {labels[c]}
        </option>
      ))}
    </select>
  );
}
