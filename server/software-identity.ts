/**
 * Which Sightline this is: the version in package.json and, where the install is a git checkout,
 * the commit it runs (read from .git, so no git binary is needed). Evidence names both.
 */
import { readFileSync } from "node:fs";
import path from "node:path";

const root = process.cwd();

function read(file: string): string | null {
  try {
    // Only package.json and .git are read: the bundler need not trace the whole project.
    return readFileSync(path.join(/*turbopackIgnore: true*/ root, file), "utf8");
  } catch {
    return null;
  }
}

export const systemVersion = (() => {
  const text = read("package.json");
  try {
    return text ? (JSON.parse(text) as { version: string }).version : "unknown";
  } catch {
    return "unknown";
  }
})();

/** The commit checked out (HEAD, through a branch ref or packed-refs), or null outside a checkout. */
export const systemCommit = (() => {
  const head = read(".git/HEAD")?.trim();
  if (!head) return null;
  if (/^[0-9a-f]{40}$/.test(head)) return head;
  const ref = head.match(/^ref: (.+)$/)?.[1];
  if (!ref) return null;
  const loose = read(`.git/${ref}`)?.trim();
  if (loose && /^[0-9a-f]{40}$/.test(loose)) return loose;
  const packed = read(".git/packed-refs")
    ?.split("\n")
    .find((line) => line.endsWith(` ${ref}`));
  return packed?.slice(0, 40) ?? null;
})();
