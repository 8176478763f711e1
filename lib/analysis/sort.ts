/**
 * Index sorts for event times. Evaluating a million events must take well under a second, and
 * a JavaScript comparator sort of a million indices alone takes about as long; so this sort
 * returns at once for input already in order (the usual case: rigs and annotation tools emit
 * events in time order) and otherwise sorts the doubles' bit patterns by radix, in linear time.
 */

/** Below this size a comparator sort is faster than the radix passes' fixed cost. */
const SMALL = 512;
const RADIX_BITS = 16;
const BUCKETS = 1 << RADIX_BITS;

/** Indices of `values` in ascending order of value, ties by index (a stable order). NaN is not allowed. */
export function sortedOrder(values: ArrayLike<number>): Int32Array {
  const n = values.length;
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  if (isSorted(values)) return order;
  if (n < SMALL) return order.sort((a, b) => (values[a] as number) - (values[b] as number) || a - b);
  return radixOrder(values);
}

function isSorted(values: ArrayLike<number>): boolean {
  for (let i = 1; i < values.length; i++) if ((values[i] as number) < (values[i - 1] as number)) return false;
  return true;
}

/**
 * LSD radix sort on the order-preserving unsigned form of each double (sign bit flipped for
 * positives, all bits flipped for negatives), four stable 16-bit passes. -0 counts as +0.
 */
function radixOrder(values: ArrayLike<number>): Int32Array {
  const n = values.length;
  const keys = new Float64Array(n);
  for (let i = 0; i < n; i++) keys[i] = (values[i] as number) + 0;
  const words = new Uint32Array(keys.buffer);
  // Little-endian: words[2i] is the low half, words[2i + 1] the high half with the sign.
  for (let i = 0; i < n; i++) {
    const high = words[2 * i + 1] as number;
    if (high & 0x80000000) {
      words[2 * i] = ~(words[2 * i] as number) >>> 0;
      words[2 * i + 1] = ~high >>> 0;
    } else {
      words[2 * i + 1] = (high | 0x80000000) >>> 0;
    }
  }
  let from = new Int32Array(n);
  let to = new Int32Array(n);
  for (let i = 0; i < n; i++) from[i] = i;
  const counts = new Int32Array(BUCKETS);
  for (let pass = 0; pass < 4; pass++) {
    const word = pass < 2 ? 0 : 1;
    const shift = (pass % 2) * RADIX_BITS;
    counts.fill(0);
    for (let i = 0; i < n; i++) {
      const bucket = ((words[2 * i + word] as number) >>> shift) & (BUCKETS - 1);
      counts[bucket] = (counts[bucket] as number) + 1;
    }
    // A pass where every key falls in one bucket changes nothing: skip it.
    let nonEmpty = 0;
    for (let b = 0; b < BUCKETS && nonEmpty < 2; b++) if (counts[b]) nonEmpty++;
    if (nonEmpty < 2) continue;
    let sum = 0;
    for (let b = 0; b < BUCKETS; b++) {
      const c = counts[b] as number;
      counts[b] = sum;
      sum += c;
    }
    for (let k = 0; k < n; k++) {
      const i = from[k] as number;
      const bucket = ((words[2 * i + word] as number) >>> shift) & (BUCKETS - 1);
      to[counts[bucket] as number] = i;
      counts[bucket] = (counts[bucket] as number) + 1;
    }
    [from, to] = [to, from];
  }
  return from;
}
