/**
 * Light or dark: the system's choice unless the user picked one (kept in localStorage). Applied
 * as data-theme on <html>; the inline script runs before the first paint so nothing flashes.
 */
export const themeChoices = ["system", "light", "dark"] as const;
export type ThemeChoice = (typeof themeChoices)[number];
const THEME_KEY = "sightline-theme";

export const themeScript = `(function(){try{var c=localStorage.getItem("${THEME_KEY}");var d=c==="dark"||(c!=="light"&&matchMedia("(prefers-color-scheme: dark)").matches);document.documentElement.dataset.theme=d?"dark":"light"}catch(e){}})()`;

export function applyTheme(choice: ThemeChoice): void {
  if (choice === "system") localStorage.removeItem(THEME_KEY);
  else localStorage.setItem(THEME_KEY, choice);
  const dark = choice === "dark" || (choice === "system" && matchMedia("(prefers-color-scheme: dark)").matches);
  document.documentElement.dataset.theme = dark ? "dark" : "light";
}

export function currentChoice(): ThemeChoice {
  const stored = typeof localStorage === "undefined" ? null : localStorage.getItem(THEME_KEY);
  return stored === "light" || stored === "dark" ? stored : "system";
}
