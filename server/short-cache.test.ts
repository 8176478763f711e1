import { describe, expect, it } from "vitest";
import { ShortCache } from "./short-cache";

const deferred = <T>() => {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
};

describe("ShortCache", () => {
  it("shares one computation between concurrent misses, and computes again after ttl", async () => {
    const cache = new ShortCache<number>(1000);
    let computed = 0;
    const compute = async () => ++computed;
    const [a, b] = await Promise.all([cache.get("k", compute, 0), cache.get("k", compute, 10)]);
    expect([a, b, computed]).toEqual([1, 1, 1]);
    expect(await cache.get("k", compute, 999)).toBe(1);
    expect(await cache.get("k", compute, 1000)).toBe(2);
  });

  it("does not keep a failure", async () => {
    const cache = new ShortCache<number>(1000);
    await expect(cache.get("k", () => Promise.reject(new Error("down")), 0)).rejects.toThrow("down");
    expect(await cache.get("k", async () => 7, 1)).toBe(7);
  });

  it("with refreshAfterMs, answers the kept value while one computation replaces it", async () => {
    const cache = new ShortCache<number>(10_000, 10, { refreshAfterMs: 3000 });
    expect(await cache.get("k", async () => 1, 0)).toBe(1);
    const next = deferred<number>();
    let started = 0;
    const slow = () => {
      started++;
      return next.promise;
    };
    // Past refreshAfterMs: the kept answer at once, one computation started however many ask.
    expect(await cache.get("k", slow, 3000)).toBe(1);
    expect(await cache.get("k", slow, 3500)).toBe(1);
    expect(started).toBe(1);
    next.resolve(2);
    await next.promise;
    await Promise.resolve();
    // The new answer is kept from when its computation started.
    expect(await cache.get("k", slow, 3600)).toBe(2);
    expect(started).toBe(1);
    // A failed refresh keeps the old answer and lets the next caller try again.
    const failing = deferred<number>();
    expect(await cache.get("k", () => failing.promise, 6100)).toBe(2);
    failing.reject(new Error("down"));
    await failing.promise.catch(() => {});
    await Promise.resolve();
    let retried = 0;
    expect(
      await cache.get(
        "k",
        async () => {
          retried++;
          return 3;
        },
        6200,
      ),
    ).toBe(2);
    expect(retried).toBe(1);
    await Promise.resolve();
    expect(await cache.get("k", async () => 0, 6300)).toBe(3);
    // Never older than ttlMs: past it, the caller waits for a new computation.
    expect(await cache.get("k", async () => 9, 6200 + 10_000)).toBe(9);
  });

  it("keeps at most maxEntries, dropping the oldest", async () => {
    const cache = new ShortCache<number>(10_000, 2);
    await cache.get("a", async () => 1, 0);
    await cache.get("b", async () => 2, 0);
    await cache.get("c", async () => 3, 0);
    let computed = 0;
    expect(await cache.get("a", async () => ++computed + 10, 1)).toBe(11);
    expect(await cache.get("c", async () => ++computed + 10, 1)).toBe(3);
  });
});
