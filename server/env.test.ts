import path from "node:path";
import { describe, expect, it } from "vitest";
import { EnvError, parseEnv } from "./env";

function errorOf(source: Record<string, string>) {
  try {
    parseEnv(source);
  } catch (error) {
    return error as EnvError;
  }
  throw new Error("expected the environment to be refused");
}

describe("configuration", () => {
  it("has working defaults: port 3000, embedded database under ./.data", () => {
    const env = parseEnv({});
    expect(env.PORT).toBe(3000);
    expect(env.DATABASE_URL).toBeUndefined();
    expect(env.SIGHTLINE_DATA_DIR).toBe(path.resolve(".data"));
    expect(env.LOG_LEVEL).toBe("info");
  });

  it("treats empty values as unset", () => {
    expect(parseEnv({ DATABASE_URL: "", PORT: "" }).DATABASE_URL).toBeUndefined();
  });

  it.each([
    ["PORT", "abc"],
    ["PORT", "70000"],
    ["PORT", "12.5"],
    ["LOG_LEVEL", "loud"],
    ["DATABASE_URL", "mysql://localhost/x"],
    ["SIGHTLINE_AUTH_SECRET", "short"],
    ["SIGHTLINE_PUBLIC_URL", "not a url"],
  ])("refuses %s=%s and names the variable", (name, value) => {
    const error = errorOf({ [name]: value });
    expect(error).toBeInstanceOf(EnvError);
    expect(error.message).toContain(`${name}:`);
    expect(error.message).toContain(value);
  });

  it("names every bad variable at once", () => {
    const error = errorOf({ PORT: "x", LOG_LEVEL: "y" });
    expect(error.issues).toHaveLength(2);
  });
});
