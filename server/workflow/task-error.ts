/** A task failure that another attempt cannot fix (bad project data): the task fails at once. */
export class PermanentTaskError extends Error {
  readonly permanent = true;
  constructor(message: string) {
    super(message);
    this.name = "PermanentTaskError";
  }
}

export function isPermanent(error: unknown): boolean {
  return error instanceof Error && (error as { permanent?: unknown }).permanent === true;
}

const shutdownBrand = Symbol.for("sightline.shutdown-abort");

/** The reason an attempt is aborted when its process shuts down: it is handed back, not failed. */
export class ShutdownAbort extends Error {
  readonly [shutdownBrand] = true;
  constructor() {
    super("this process is shutting down");
    this.name = "ShutdownAbort";
  }
}

/**
 * Whether an abort reason is a shutdown, also for a reason made by another copy of this module
 * (Next.js bundles its own): recognised by a registered symbol, not by its class.
 */
export function isShutdownAbort(reason: unknown): boolean {
  return typeof reason === "object" && reason !== null && (reason as Record<symbol, unknown>)[shutdownBrand] === true;
}
