/** The event-list readers on each format the CLI and the import accept, and their errors. */
import { describe, expect, it } from "vitest";
import { EventListError, parseEventList } from "./formats";

describe("parseEventList", () => {
  it("reads the peers' text formats, comments and files without events", () => {
    const text = ["# comment", "a.wav\t  0.1\t  2.2\tbabycry", "b.wav", "c.wav\tstreet\t1.0\t2.0\tcar", ""].join("\n");
    const list = parseEventList(text, "list.txt");
    expect(list.files).toEqual(["a.wav", "b.wav", "c.wav"]);
    expect(list.events).toEqual([
      { file: "a.wav", onset: 0.1, offset: 2.2, label: "babycry", confidence: null },
      { file: "c.wav", onset: 1, offset: 2, label: "car", confidence: null },
    ]);
    expect(parseEventList("1.741496598639455662e-01\n0.5 0.75\n", "t.txt").events.map((e) => e.offset)).toEqual([
      null,
      0.75,
    ]);
  });

  it("reads CSV by its header and JSON arrays or { events }", () => {
    const csv = parseEventList('time_us,label,confidence\n1500000,"ped, adult",0.9\n', "d.csv");
    expect(csv.events).toEqual([{ file: null, onset: 1.5, offset: null, label: "ped, adult", confidence: 0.9 }]);
    expect(parseEventList('{"events":[{"onset_ms":250,"class":"cyclist"}, 3]}', "d.json").events).toEqual([
      { file: null, onset: 0.25, offset: null, label: "cyclist", confidence: null },
      { file: null, onset: 3, offset: null, label: null, confidence: null },
    ]);
  });

  it("names the file and line of what it cannot read", () => {
    const error = (text: string, name = "x.txt") => {
      try {
        parseEventList(text, name);
      } catch (e) {
        expect(e).toBeInstanceOf(EventListError);
        return (e as Error).message;
      }
      throw new Error("expected an error");
    };
    expect(error("1.0\n\n2.0 1.0\n")).toBe("x.txt:3: the offset 1 s comes before the onset 2 s");
    expect(error("1.0 2.0 car extra words\n")).toMatch(/^x\.txt:1: cannot read/);
    expect(error("name,value\nx,1\n", "d.csv")).toMatch(/^d\.csv:1: the header names no onset column/);
    expect(error("onset,label\n1.0\n", "d.csv")).toBe("d.csv:2: expected 2 fields as in the header, found 1");
    expect(error('[\n{"onset": 1},\n{"onset": 2, "confidence": 3}\n]', "d.json")).toBe(
      "d.json:3: confidence must be between 0 and 1, found 3",
    );
    expect(error("[1, 2", "d.json")).toMatch(/^d\.json(:\d+)?: not valid JSON/);
  });
});
