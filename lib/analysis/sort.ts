/**
 * Sorts of event times and latencies. Evaluating a million events must take well under a second,
 * and a JavaScript comparator sort of a million indices alone takes about as long; so these return
 * at once for input already in order (the usual case: rigs and annotation tools emit events in time
 * order) and otherwise sort the doubles' bit patterns by radix, in linear time.
 *
 * The radix passes carry each key with its payload, so every pass reads memory in sequence; a
 * pass that looked each key up through the order so far (a cache miss per element once the order
 * is shuffled) made sorting a million shuffled values twice as slow.
 */

/** Below this size a comparator sort is faster than the radix passes' fixed cost. */
const SMALL = 512;

/** Indices of `values` in ascending order of value, ties by index (a stable order). NaN is not allowed. */
export function sortedOrder(values: ArrayLike<number>): Int32Array {
  return isSorted(values) ? identity(values.length) : orderOfUnsorted(values).order;
}

/**
 * Sorts `values` in place (ascending, ties by index; -0 becomes 0) and returns each position's
 * index in the input, or null where the values were in order already. For a column read in input
 * order: the sort's own output is the sorted column, so nothing is gathered. NaN is not allowed.
 */
export function sortInPlace(values: Float64Array): Int32Array | null {
  if (isSorted(values)) return null;
  const { order, writeSorted } = orderOfUnsorted(values);
  writeSorted(values);
  return order;
}

/**
 * The stable order of values not in order, and a way to write them sorted from what the sort
 * kept (the radix passes' sorted keys), without gathering them through the order.
 */
function orderOfUnsorted(values: ArrayLike<number>): {
  order: Int32Array;
  writeSorted: (out: Float64Array) => void;
} {
  const n = values.length;
  if (n < SMALL) {
    const order = identity(n).sort((a, b) => (values[a] as number) - (values[b] as number) || a - b);
    const writeSorted = (out: Float64Array) => {
      const input = Float64Array.from(values);
      for (let k = 0; k < n; k++) out[k] = (input[order[k] as number] as number) + 0;
    };
    return { order, writeSorted };
  }
  const span = integerSpan(values);
  if (span) {
    const { keys, order } = radixSort(offsetKeys(values, span), span.words, true);
    return { order: order as Int32Array, writeSorted: (out) => fromOffsets(keys, span, out) };
  }
  const { keys, order } = radixSort(keysOf(values), 2, true);
  return { order: order as Int32Array, writeSorted: (out) => out.set(valuesOf(keys)) };
}

/** The values in ascending order, as a new array (for latencies: percentiles, intervals). NaN is not allowed. */
export function sortedCopy(values: ArrayLike<number>): Float64Array {
  const n = values.length;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = (values[i] as number) + 0;
  if (isSorted(out)) return out;
  if (n < SMALL) return out.sort();
  const span = integerSpan(out);
  if (span) {
    fromOffsets(radixSort(offsetKeys(out, span), span.words, false).keys, span, out);
    return out;
  }
  return valuesOf(radixSort(keysOf(out), 2, false).keys);
}

/** 0, 1, …, n − 1: the order of values already in order. */
export function identity(n: number): Int32Array {
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) out[i] = i;
  return out;
}

/**
 * Where every value is a whole number and all lie within 2^53 of the least: keys as the offset
 * from it, one word each within 2^32 (microsecond times within an hour, latencies in µs: two
 * passes at most), else two (a pass fewer than the doubles' bit patterns, whose exponent varies).
 * Null otherwise.
 */
type IntegerSpan = { min: number; words: 1 | 2 };
function integerSpan(values: ArrayLike<number>): IntegerSpan | null {
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number;
    if (v !== Math.floor(v)) return null;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  if (!(max - min <= Number.MAX_SAFE_INTEGER)) return null;
  return { min, words: max - min <= 0xffffffff ? 1 : 2 };
}

function offsetKeys(values: ArrayLike<number>, span: IntegerSpan): Uint32Array {
  const n = values.length;
  const keys = new Uint32Array(n * span.words);
  if (span.words === 1) {
    for (let i = 0; i < n; i++) keys[i] = (values[i] as number) - span.min;
    return keys;
  }
  for (let i = 0; i < n; i++) {
    const offset = (values[i] as number) - span.min;
    const high = Math.floor(offset / 2 ** 32);
    keys[2 * i] = offset - high * 2 ** 32;
    keys[2 * i + 1] = high;
  }
  return keys;
}

/** The values back from their offset keys (`offsetKeys` undone), into `out`. */
function fromOffsets(keys: Uint32Array, span: IntegerSpan, out: Float64Array): void {
  const n = out.length;
  if (span.words === 1) for (let i = 0; i < n; i++) out[i] = (keys[i] as number) + span.min;
  else for (let i = 0; i < n; i++) out[i] = (keys[2 * i + 1] as number) * 2 ** 32 + (keys[2 * i] as number) + span.min;
}

/** Whether the values are in ascending order already. */
function isSorted(values: ArrayLike<number>): boolean {
  for (let i = 1; i < values.length; i++) if ((values[i] as number) < (values[i - 1] as number)) return false;
  return true;
}

/**
 * The order-preserving unsigned form of each double (sign bit flipped for positives, all bits
 * flipped for negatives) as 32-bit words, low then high (little-endian). -0 counts as +0.
 */
function keysOf(values: ArrayLike<number>): Uint32Array {
  const n = values.length;
  const doubles = new Float64Array(n);
  for (let i = 0; i < n; i++) doubles[i] = (values[i] as number) + 0;
  const words = new Uint32Array(doubles.buffer);
  for (let i = 0; i < n; i++) {
    const high = words[2 * i + 1] as number;
    if (high & 0x80000000) {
      words[2 * i] = ~(words[2 * i] as number) >>> 0;
      words[2 * i + 1] = ~high >>> 0;
    } else {
      words[2 * i + 1] = (high | 0x80000000) >>> 0;
    }
  }
  return words;
}

/** The doubles back from their keys (`keysOf` undone, in place). */
function valuesOf(words: Uint32Array): Float64Array {
  const n = words.length / 2;
  for (let i = 0; i < n; i++) {
    const high = words[2 * i + 1] as number;
    if (high & 0x80000000) {
      words[2 * i + 1] = (high & 0x7fffffff) >>> 0;
    } else {
      words[2 * i] = ~(words[2 * i] as number) >>> 0;
      words[2 * i + 1] = ~high >>> 0;
    }
  }
  return new Float64Array(words.buffer, words.byteOffset, n);
}

/**
 * LSD radix sort of 32- or 64-bit keys (one or two words each, low word first), optionally with
 * the order it makes (each position's input index) carried along: stable 16-bit passes, the
 * histograms of all of them counted in one read, and a pass whose keys all fall in one bucket
 * (the high bits of times in one session, of latencies in µs) skipped. The order starts on the
 * first pass that moves anything, so no identity array is made for it. (Passes of 11 bits, whose
 * 2,048 write positions stay in cache, were no faster here: more passes over the same data.)
 */
const RADIX_BITS = 16;
const BUCKETS = 1 << RADIX_BITS;
const MASK = BUCKETS - 1;

function radixSort(
  keys: Uint32Array,
  words: 1 | 2,
  withOrder: boolean,
): { keys: Uint32Array; order: Int32Array | null } {
  const n = keys.length / words;
  const passes = 2 * words;
  const counts = new Int32Array(passes * BUCKETS);
  for (let i = 0; i < n; i++) {
    for (let w = 0; w < words; w++) {
      const word = keys[words * i + w] as number;
      const a = 2 * w * BUCKETS + (word & MASK);
      const b = (2 * w + 1) * BUCKETS + (word >>> 16);
      counts[a] = (counts[a] as number) + 1;
      counts[b] = (counts[b] as number) + 1;
    }
  }
  let fromKeys: Uint32Array = keys;
  let toKeys: Uint32Array = new Uint32Array(keys.length);
  // Before the first pass that moves anything, the order is the identity: `from` is null.
  let from: Int32Array | null = null;
  let to: Int32Array | null = null;
  for (let pass = 0; pass < passes; pass++) {
    const base = pass * BUCKETS;
    let nonEmpty = 0;
    for (let b = 0; b < BUCKETS && nonEmpty < 2; b++) if (counts[base + b]) nonEmpty++;
    if (nonEmpty < 2) continue;
    let sum = 0;
    for (let b = 0; b < BUCKETS; b++) {
      const c = counts[base + b] as number;
      counts[base + b] = sum;
      sum += c;
    }
    const word = pass >> 1;
    const shift = (pass & 1) * RADIX_BITS;
    if (withOrder && to === null) to = new Int32Array(n);
    if (words === 1) {
      for (let k = 0; k < n; k++) {
        const key = fromKeys[k] as number;
        const slot = base + ((key >>> shift) & MASK);
        const at = counts[slot] as number;
        counts[slot] = at + 1;
        toKeys[at] = key;
        if (to) to[at] = from ? (from[k] as number) : k;
      }
    } else {
      for (let k = 0; k < n; k++) {
        const low = fromKeys[2 * k] as number;
        const high = fromKeys[2 * k + 1] as number;
        const slot = base + (((word === 0 ? low : high) >>> shift) & MASK);
        const at = counts[slot] as number;
        counts[slot] = at + 1;
        toKeys[2 * at] = low;
        toKeys[2 * at + 1] = high;
        if (to) to[at] = from ? (from[k] as number) : k;
      }
    }
    [fromKeys, toKeys] = [toKeys, fromKeys];
    [from, to] = [to, from];
  }
  return { keys: fromKeys, order: withOrder ? (from ?? identity(n)) : null };
}
