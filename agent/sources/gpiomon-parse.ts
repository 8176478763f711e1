/**
 * Parses libgpiod's `gpiomon` output, both versions and their usual formats (STACK.md):
 * - v1 default:      `event:  RISING EDGE offset: 17 timestamp: [    5124.484567891]`
 * - v1 `-F '%o %e %s %n'`: `17 1 5124 484567891` (`%e` 1 rising / 0 falling; `%n` NOT zero-padded)
 * - v2 default:      `5124.484567891\trising\t"CAM_DETECT"` or `...\tgpiochip0 17` (unnamed line)
 * - v2 `-F '%o %e %S'`: `17 1 5124.484567891` (`%e` 1 rising / 2 falling)
 * Timestamps are the kernel's CLOCK_MONOTONIC edge times, kept as exact integer nanoseconds.
 * A line that matches no format is reported (returned as an error), never guessed at.
 */

export type Edge = "rising" | "falling";

export type GpioEdge = {
  /** The line as gpiomon names it: its offset ("17") or, in v2's default output, its name. */
  line: string;
  offset: number | null;
  name: string | null;
  edge: Edge;
  /** CLOCK_MONOTONIC, nanoseconds. */
  timestampNs: bigint;
};

export type ParsedLine = { ok: true; event: GpioEdge } | { ok: false; error: string };

const NS = 1_000_000_000n;
const ns = (seconds: string, nanos: string) => BigInt(seconds) * NS + BigInt(nanos);

const V1_DEFAULT = /^event:\s+(RISING|FALLING) EDGE offset: (\d+) timestamp: \[\s*(\d+)\.(\d{9})\]$/;
const V1_FORMAT = /^(\d+) ([01]) (\d+) (\d{1,9})$/;
const V2_FORMAT = /^(\d+) ([12]) (\d+)\.(\d{9})$/;
const V2_DEFAULT = /^(\d+)\.(\d{9})\t(rising|falling)\t(?:"([^"]*)"|(\S+) (\d+))$/;

export function parseGpiomonLine(raw: string): ParsedLine {
  const text = raw.replace(/\r$/, "");
  let m = V1_DEFAULT.exec(text);
  if (m) {
    const [, edge, offset, s, n] = m as unknown as [string, string, string, string, string];
    return {
      ok: true,
      event: {
        line: offset,
        offset: Number(offset),
        name: null,
        edge: edge === "RISING" ? "rising" : "falling",
        timestampNs: ns(s, n),
      },
    };
  }
  m = V1_FORMAT.exec(text);
  if (m) {
    const [, offset, e, s, n] = m as unknown as [string, string, string, string, string];
    return {
      ok: true,
      event: {
        line: offset,
        offset: Number(offset),
        name: null,
        edge: e === "1" ? "rising" : "falling",
        timestampNs: ns(s, n),
      },
    };
  }
  m = V2_FORMAT.exec(text);
  if (m) {
    const [, offset, e, s, n] = m as unknown as [string, string, string, string, string];
    return {
      ok: true,
      event: {
        line: offset,
        offset: Number(offset),
        name: null,
        edge: e === "1" ? "rising" : "falling",
        timestampNs: ns(s, n),
      },
    };
  }
  m = V2_DEFAULT.exec(text);
  if (m) {
    const [, s, n, edge, name, , offset] = m;
    return {
      ok: true,
      event: {
        line: name ?? (offset as string),
        offset: offset === undefined ? null : Number(offset),
        name: name ?? null,
        edge: edge as Edge,
        timestampNs: ns(s as string, n as string),
      },
    };
  }
  return { ok: false, error: `unreadable gpiomon line: ${JSON.stringify(text.slice(0, 120))}` };
}

/** Whether an edge is on the given line, named by offset or by name. */
export function isLine(event: GpioEdge, line: string): boolean {
  return event.line === line || (event.offset !== null && String(event.offset) === line) || event.name === line;
}

export type EdgeFilterOptions = {
  /** The signal is active low: a falling edge is the start of a detection. */
  activeLow?: boolean;
  /** Edges within this many nanoseconds after the last accepted edge on the line are dropped. */
  debounceNs?: bigint;
};

/**
 * Turns raw edges into detection edges: inverts active-low lines, drops bounces (edges closer
 * than the debounce time to the last accepted one) and edges that repeat the line's state.
 */
export class EdgeFilter {
  private readonly last = new Map<string, { edge: Edge; at: bigint }>();
  constructor(private readonly options: EdgeFilterOptions = {}) {}

  accept(event: GpioEdge): GpioEdge | null {
    const edge: Edge = this.options.activeLow ? (event.edge === "rising" ? "falling" : "rising") : event.edge;
    const previous = this.last.get(event.line);
    if (previous) {
      if (previous.edge === edge) return null;
      if (this.options.debounceNs && event.timestampNs - previous.at < this.options.debounceNs) return null;
    } else if (edge === "falling") {
      // A line first seen falling was active before monitoring began: nothing to end.
      this.last.set(event.line, { edge, at: event.timestampNs });
      return null;
    }
    this.last.set(event.line, { edge, at: event.timestampNs });
    return { ...event, edge };
  }
}

/** Video-relative microseconds of a rig time, given the anchor (video time 0), sub-µs truncated. */
export function videoTimeUs(timestampNs: bigint, anchorNs: bigint): number {
  return Number((timestampNs - anchorNs) / 1000n);
}
