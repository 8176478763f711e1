/**
 * Whether a process still runs, by its pid — and, on Linux, the kernel's start time of a pid, so
 * that a lock naming a process can tell it from a later process that got the same pid.
 */
import fs from "node:fs/promises";

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists, as another user (PostgreSQL runs as `postgres` under root).
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * The pid's start time (/proc/<pid>/stat field 22, clock ticks since boot): a string, undefined
 * when there is no such process, null where there is no /proc to ask.
 */
export async function startTimeOf(pid: number): Promise<string | null | undefined> {
  try {
    const stat = await fs.readFile(`/proc/${pid}/stat`, "utf8");
    // Fields after the command name (which may contain spaces) start at the last ")".
    return stat.slice(stat.lastIndexOf(")") + 2).split(" ")[19] ?? null;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") return null;
    const procfs = await fs.stat("/proc/self").then(
      () => true,
      () => false,
    );
    return procfs ? undefined : null;
  }
}
