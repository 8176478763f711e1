import { describe, expect, it } from "vitest";
import { csvCell, csvLine } from "./csv";

describe("CSV cells", () => {
  it("write numbers without floating-point noise and keep measured digits", () => {
    expect(csvCell(0.1 + 0.7)).toBe("0.8");
    expect(csvCell(0.8000000000000002)).toBe("0.8");
    expect(csvCell(123.456789)).toBe("123.456789");
    expect(csvCell(2 / 3)).toBe("0.666666666667");
    expect(csvCell(1_700_000_000_123)).toBe("1700000000123");
  });

  it("quote separators and neutralise formulas", () => {
    expect(csvLine(["a,b", '"x"', "=1+1", null, 3])).toBe('"a,b","""x""",\'=1+1,,3');
  });
});
