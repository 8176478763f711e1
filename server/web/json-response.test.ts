import { describe, expect, it } from "vitest";
import { jsonResponse } from "./json-response";

describe("jsonResponse", () => {
  it("marks a reply under 1 KB not to be compressed, keeping the caller's cache policy", async () => {
    const reply = jsonResponse(
      { ok: "é" },
      { status: 201, headers: { "cache-control": "no-store", "retry-after": "5" } },
    );
    expect(reply.status).toBe(201);
    expect(reply.headers.get("content-type")).toBe("application/json");
    expect(reply.headers.get("cache-control")).toBe("no-store, no-transform");
    expect(reply.headers.get("retry-after")).toBe("5");
    expect(await reply.json()).toEqual({ ok: "é" });
  });

  it("leaves a reply of 1 KB or more to compression, counting bytes rather than characters", () => {
    // 512 two-byte characters: 1,024+ bytes though fewer than 1,024 characters.
    const reply = jsonResponse({ text: "é".repeat(512) });
    expect(reply.headers.get("cache-control")).toBeNull();
    expect(jsonResponse({ text: "e".repeat(900) }).headers.get("cache-control")).toBe("no-transform");
  });
});
