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

/** The reason an attempt is aborted when its process shuts down: it is handed back, not failed. */
export class ShutdownAbort extends Error {
  constructor() {
    super("this process is shutting down");
    this.name = "ShutdownAbort";
  }
}
