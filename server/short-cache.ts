/**
 * A small in-process cache for answers that many callers ask for at once and that may be a few
 * seconds old: entries live `ttlMs`, concurrent misses of one key share one computation, failures
 * are not kept, and the oldest entries go first beyond `maxEntries`.
 *
 * With `refreshAfterMs` (below `ttlMs`), an entry older than that is still answered while one
 * computation in the background replaces it: callers of a key asked for all the time never wait
 * for its computation, and an answer is at most `refreshAfterMs` plus one computation old while
 * it is asked for — never older than `ttlMs`.
 */
type Entry<T> = { at: number; value: Promise<T>; refreshing: boolean };

export class ShortCache<T> {
  private readonly entries = new Map<string, Entry<T>>();

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries = 1000,
    private readonly options: { refreshAfterMs?: number } = {},
  ) {}

  get(key: string, compute: () => Promise<T>, now = Date.now()): Promise<T> {
    const hit = this.entries.get(key);
    if (hit && now - hit.at < this.ttlMs) {
      const refreshAfter = this.options.refreshAfterMs;
      if (refreshAfter !== undefined && now - hit.at >= refreshAfter && !hit.refreshing)
        this.refresh(key, hit, compute, now);
      return hit.value;
    }
    if (hit) this.entries.delete(key);
    const value = compute();
    this.keep(key, { at: now, value, refreshing: false });
    return value;
  }

  clear(): void {
    this.entries.clear();
  }

  /** Computes the key again; its answer replaces the kept one once it is there (a failure does not). */
  private refresh(key: string, hit: Entry<T>, compute: () => Promise<T>, now: number): void {
    hit.refreshing = true;
    const value = compute();
    value.then(
      () => {
        if (this.entries.get(key) === hit) this.keep(key, { at: now, value, refreshing: false });
      },
      () => {
        hit.refreshing = false;
      },
    );
  }

  private keep(key: string, entry: Entry<T>): void {
    // Deleted first, so a replaced entry moves to the end: Maps keep insertion order, and the
    // first keys are the oldest.
    this.entries.delete(key);
    this.entries.set(key, entry);
    entry.value.catch(() => {
      if (this.entries.get(key) === entry) this.entries.delete(key);
    });
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value as string;
      this.entries.delete(oldest);
    }
  }
}
