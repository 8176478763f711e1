/**
 * Readers of event lists (ground truth or detections), all times in seconds:
 * - the peers' text formats, one event per line, fields separated by tabs (or, without tabs,
 *   by spaces): `time`; `onset offset`; `onset offset label`; `file onset offset label`;
 *   `file scene onset offset label`; `file` alone (a file with no events); `#` starts a comment;
 * - CSV with a header row naming the columns (onset or time in seconds, or onset_ms / onset_us;
 *   offset likewise; label or class; file; confidence; and an event's own window, `not_before`
 *   and `deadline`, in seconds or with `_ms` / `_us` like the onset — DESIGN §13);
 * - JSON: an array (or `{ "events": [...] }`) of numbers or of objects with the same fields.
 * A malformed entry is an error naming the file and the line, never skipped: a result computed
 * from half a file would be wrong without anybody noticing. Pure: text in, events out.
 */

export type ParsedEvent = {
  file: string | null;
  /** Seconds. */
  onset: number;
  /** Seconds; null where the list gives only a time. */
  offset: number | null;
  label: string | null;
  confidence: number | null;
  /** The event's own window (seconds), where the list gives one (DESIGN §13). */
  notBefore?: number | null;
  deadline?: number | null;
};

export type EventList = {
  events: ParsedEvent[];
  /** Every file named, in order of first mention, including those with no event. */
  files: string[];
  format: "text" | "csv" | "json";
  /** JSON written as {"tags": {...}, "events": [...]}: the video's tags, as given (checked by the caller). */
  tags?: unknown;
};

export class EventListError extends Error {
  constructor(
    readonly source: string,
    readonly line: number | null,
    detail: string,
  ) {
    super(line === null ? `${source}: ${detail}` : `${source}:${line}: ${detail}`);
    this.name = "EventListError";
  }
}

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

const isNumber = (field: string) => NUMBER.test(field);

function seconds(field: string, what: string, source: string, line: number): number {
  const value = Number(field);
  if (!NUMBER.test(field) || !Number.isFinite(value)) {
    throw new EventListError(source, line, `${what} must be a number of seconds, found "${field}"`);
  }
  return value;
}

/**
 * `reversedIsError`: an offset before its onset stops the read (detections, the CLI). Ground-truth
 * imports read on and list it among the preview's problems instead.
 */
export type ReadOptions = {
  reversedIsError: boolean;
  /** More events than this stop the read (imports into the server; the CLI reads any size). */
  maxEvents?: number;
};
const strict: ReadOptions = { reversedIsError: true };

/** Stops a read that would go past `maxEvents`, before the event is kept. */
function room(events: readonly unknown[], source: string, line: number | null, options: ReadOptions): void {
  const max = options.maxEvents;
  if (max !== undefined && events.length >= max) {
    throw new EventListError(
      source,
      line,
      `more than ${max.toLocaleString("en")} events: a file may hold at most ${max.toLocaleString("en")}; split it`,
    );
  }
}

function checked(event: ParsedEvent, source: string, line: number, options: ReadOptions): ParsedEvent {
  if (options.reversedIsError && event.offset !== null && event.offset < event.onset) {
    throw new EventListError(source, line, `the offset ${event.offset} s comes before the onset ${event.onset} s`);
  }
  if (
    options.reversedIsError &&
    event.notBefore != null &&
    event.deadline != null &&
    event.deadline < event.notBefore
  ) {
    throw new EventListError(
      source,
      line,
      `the deadline ${event.deadline} s comes before not_before ${event.notBefore} s: no detection could meet both`,
    );
  }
  if (event.confidence !== null && !(event.confidence >= 0 && event.confidence <= 1)) {
    throw new EventListError(source, line, `confidence must be between 0 and 1, found ${event.confidence}`);
  }
  return event;
}

function parseText(text: string, source: string, options: ReadOptions): EventList {
  const events: ParsedEvent[] = [];
  const files = new Set<string>();
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = index + 1;
    const trimmed = raw.trim();
    if (trimmed === "" || trimmed.startsWith("#")) return;
    const fields = (raw.includes("\t") ? raw.split("\t") : trimmed.split(/\s+/)).map((f) => f.trim());
    while (fields.length > 1 && fields[fields.length - 1] === "") fields.pop();
    const shape = fields.map((f) => (isNumber(f) ? "n" : "s")).join("");
    const event = (file: string | null, onset: string, offset: string | null, label: string | null) => {
      if (file !== null) files.add(file);
      room(events, source, line, options);
      events.push(
        checked(
          {
            file,
            onset: seconds(onset, "the onset", source, line),
            offset: offset === null ? null : seconds(offset, "the offset", source, line),
            label: label === null || label === "" ? null : label,
            confidence: null,
          },
          source,
          line,
          options,
        ),
      );
    };
    const [a = "", b = "", c = "", d = "", e = ""] = fields;
    if (shape === "n") event(null, a, null, null);
    else if (shape === "s") files.add(a);
    else if (shape === "nn") event(null, a, b, null);
    else if (fields.length === 3 && shape.startsWith("nn")) event(null, a, b, c);
    else if (shape === "snn") event(a, b, c, null);
    else if (fields.length === 4 && shape.startsWith("snn")) event(a, b, c, d);
    else if (fields.length === 5 && shape.slice(2, 4) === "nn") event(a, c, d, e);
    else {
      throw new EventListError(
        source,
        line,
        `cannot read "${trimmed}": expected "time", "onset offset [label]", "file onset offset label" or "file" (seconds, tab-separated)`,
      );
    }
  });
  return { events, files: [...files], format: "text" };
}

/** Splits one CSV record (RFC 4180 quoting). */
function csvFields(line: string): string[] {
  const fields: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i] as string;
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ",") {
      fields.push(field.trim());
      field = "";
    } else field += ch;
  }
  fields.push(field.trim());
  return fields;
}

/** Field names accepted in CSV headers and JSON objects, with the factor that makes seconds. */
const TIME_FIELDS = {
  onset: [
    ["onset", 1],
    ["onset_s", 1],
    ["time", 1],
    ["time_s", 1],
    ["timestamp", 1],
    ["start", 1],
    ["onset_ms", 1e-3],
    ["time_ms", 1e-3],
    ["onset_us", 1e-6],
    ["time_us", 1e-6],
    ["video_time_us", 1e-6],
  ],
  offset: [
    ["offset", 1],
    ["offset_s", 1],
    ["end", 1],
    ["offset_ms", 1e-3],
    ["offset_us", 1e-6],
  ],
  notBefore: [
    ["not_before", 1],
    ["not_before_s", 1],
    ["not_before_ms", 1e-3],
    ["not_before_us", 1e-6],
  ],
  deadline: [
    ["deadline", 1],
    ["deadline_s", 1],
    ["deadline_ms", 1e-3],
    ["deadline_us", 1e-6],
  ],
} as const;
const LABEL_FIELDS = ["label", "class", "event_label"];
const FILE_FIELDS = ["file", "filename", "file_name", "video"];

type Record_ = Map<string, string | number | null | undefined>;

/** A record's time in seconds from the first of `names` it holds (null, or an error for the onset, when none). */
function pickTime(
  record: Record_,
  names: readonly (readonly [string, number])[],
  what: "onset" | "offset" | "window",
  source: string,
  line: number,
): number | null {
  for (const [name, factor] of names) {
    const value = record.get(name);
    if (value === undefined || value === null || value === "") continue;
    const text = String(value).trim();
    const number = Number(text);
    if (!NUMBER.test(text) || !Number.isFinite(number)) {
      throw new EventListError(source, line, `${name} must be a number, found "${text}"`);
    }
    // µs and ms fields are exact integers more often than not: keep them exact in seconds.
    return factor === 1 ? number : number / Math.round(1 / factor);
  }
  if (what === "onset") {
    throw new EventListError(source, line, `no onset: give one of ${names.map(([n]) => n).join(", ")}`);
  }
  return null;
}

function pickText(record: Record_, names: readonly string[]): string | null {
  for (const name of names) {
    const value = record.get(name);
    if (value !== undefined && value !== null && String(value).trim() !== "") return String(value).trim();
  }
  return null;
}

// The pickers are module functions, not closures made per record: a file of 100,000 events
// spent most of its time making and collecting them.
function fromRecord(record: Record_, source: string, line: number, options: ReadOptions): ParsedEvent {
  const confidence = record.get("confidence");
  const notBefore = pickTime(record, TIME_FIELDS.notBefore, "window", source, line);
  const deadline = pickTime(record, TIME_FIELDS.deadline, "window", source, line);
  return checked(
    {
      file: pickText(record, FILE_FIELDS),
      onset: pickTime(record, TIME_FIELDS.onset, "onset", source, line) as number,
      offset: pickTime(record, TIME_FIELDS.offset, "offset", source, line),
      label: pickText(record, LABEL_FIELDS),
      confidence: confidence === undefined || confidence === null || confidence === "" ? null : Number(confidence),
      // Only where given, so lists without windows read exactly as before.
      ...(notBefore === null ? {} : { notBefore }),
      ...(deadline === null ? {} : { deadline }),
    },
    source,
    line,
    options,
  );
}

function parseCsv(text: string, source: string, options: ReadOptions): EventList {
  const lines = text.split(/\r?\n/);
  const headerIndex = lines.findIndex((l) => l.trim() !== "" && !l.trim().startsWith("#"));
  if (headerIndex < 0) return { events: [], files: [], format: "csv" };
  const header = csvFields(lines[headerIndex] as string).map((h) => h.toLowerCase());
  const known = new Set<string>([...TIME_FIELDS.onset.map(([n]) => n)]);
  if (!header.some((h) => known.has(h))) {
    throw new EventListError(
      source,
      headerIndex + 1,
      `the header names no onset column: use one of ${[...known].join(", ")}`,
    );
  }
  const events: ParsedEvent[] = [];
  const files = new Set<string>();
  for (let index = headerIndex + 1; index < lines.length; index++) {
    const raw = lines[index] as string;
    if (raw.trim() === "" || raw.trim().startsWith("#")) continue;
    const fields = csvFields(raw);
    if (fields.length !== header.length) {
      throw new EventListError(
        source,
        index + 1,
        `expected ${header.length} fields as in the header, found ${fields.length}`,
      );
    }
    room(events, source, index + 1, options);
    const record: Record_ = new Map(header.map((h, k) => [h, fields[k]]));
    const event = fromRecord(record, source, index + 1, options);
    if (event.file !== null) files.add(event.file);
    events.push(event);
  }
  return { events, files: [...files], format: "csv" };
}

function lineOfOffset(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text[i] === "\n") line++;
  return line;
}

/**
 * The line on which each element of the events array starts (the top-level array, or the one
 * after `"events"`), so that an error can name the line as for the other formats.
 */
function elementLines(text: string, wrapped: boolean): number[] {
  let i = wrapped ? text.indexOf("[", text.search(/"events"\s*:/)) : text.indexOf("[");
  const lines: number[] = [];
  if (i < 0) return lines;
  let line = lineOfOffset(text, i);
  let depth = 0;
  let inString = false;
  let expectElement = true;
  for (i += 1; i < text.length; i++) {
    const ch = text[i] as string;
    if (ch === "\n") line++;
    if (inString) {
      if (ch === "\\") i++;
      else if (ch === '"') inString = false;
      continue;
    }
    // JSON's whitespace (a regex per character made this the slowest part of a large file).
    if (ch === " " || ch === "\n" || ch === "\r" || ch === "\t") continue;
    if (depth === 0 && ch === "]") break;
    if (depth === 0 && ch === ",") {
      expectElement = true;
      continue;
    }
    if (depth === 0 && expectElement) {
      lines.push(line);
      expectElement = false;
    }
    if (ch === '"') inString = true;
    else if (ch === "{" || ch === "[") depth++;
    else if (ch === "}" || ch === "]") depth--;
  }
  return lines;
}

function parseJson(text: string, source: string, options: ReadOptions): EventList {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    const position = /position (\d+)/.exec(String((error as Error).message));
    throw new EventListError(
      source,
      position ? lineOfOffset(text, Number(position[1])) : null,
      `not valid JSON (${(error as Error).message})`,
    );
  }
  const list = Array.isArray(data)
    ? data
    : data && typeof data === "object" && Array.isArray((data as { events?: unknown }).events)
      ? (data as { events: unknown[] }).events
      : null;
  if (!list) throw new EventListError(source, null, 'expected an array of events, or an object with an "events" array');
  if (options.maxEvents !== undefined && list.length > options.maxEvents) room(list, source, null, options);
  const lines = elementLines(text, !Array.isArray(data));
  const events: ParsedEvent[] = [];
  const files = new Set<string>();
  list.forEach((item, k) => {
    const where = `event ${k + 1}`;
    const line = lines[k] ?? null;
    if (typeof item === "number") {
      if (!Number.isFinite(item)) throw new EventListError(source, line, `${where}: not a finite time`);
      events.push({ file: null, onset: item, offset: null, label: null, confidence: null });
      return;
    }
    if (!item || typeof item !== "object" || Array.isArray(item)) {
      throw new EventListError(source, line, `${where}: expected a number or an object with an onset`);
    }
    const record: Record_ = new Map(
      Object.entries(item as Record<string, unknown>).map(([key, value]) => [
        key.toLowerCase(),
        value as string | number | null,
      ]),
    );
    try {
      const event = fromRecord(record, source, line ?? k + 1, options);
      if (event.file !== null) files.add(event.file);
      events.push(event);
    } catch (error) {
      if (error instanceof EventListError && line === null) {
        throw new EventListError(source, null, `${where}: ${error.message.replace(/^[^:]*:\d+: /, "")}`);
      }
      throw error;
    }
  });
  const tags = Array.isArray(data) ? undefined : (data as { tags?: unknown }).tags;
  return { events, files: [...files], format: "json", ...(tags === undefined ? {} : { tags }) };
}

/** Reads an event list; the format comes from the name's extension, else from the content. */
export function parseEventList(text: string, source: string, options: ReadOptions = strict): EventList {
  const lower = source.toLowerCase();
  if (lower.endsWith(".json")) return parseJson(text, source, options);
  if (lower.endsWith(".csv")) return parseCsv(text, source, options);
  const first = text.trimStart()[0];
  if (first === "[" || first === "{") return parseJson(text, source, options);
  const firstLine = text.split(/\r?\n/).find((l) => l.trim() !== "" && !l.trim().startsWith("#")) ?? "";
  if (firstLine.includes(",") && !firstLine.includes("\t") && csvFields(firstLine).some((f) => !isNumber(f))) {
    return parseCsv(text, source, options);
  }
  return parseText(text, source, options);
}
