import { describe, expect, it } from "vitest";
import { DatabaseUnavailableError, explainConnectionError, redactDatabaseUrl } from "./errors";

describe("redactDatabaseUrl", () => {
  it("hides the password and keeps the rest", () => {
    expect(redactDatabaseUrl("postgres://me:hunter2@db:5432/app")).toBe("postgres://me:***@db:5432/app");
  });
  it("does not echo an unparsable value", () => {
    expect(redactDatabaseUrl("postgres://me:hunter2@[bad")).not.toContain("hunter2");
  });
});

describe("explainConnectionError", () => {
  it.each([
    [Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED" }), /not reachable/],
    [
      Object.assign(new Error("password authentication failed"), { code: "28P01" }),
      /refused the credentials/,
    ],
    [Object.assign(new Error('database "x" does not exist'), { code: "3D000" }), /no such database/],
  ])("explains %s", (error, message) => {
    const explained = explainConnectionError(error, "postgres://db");
    expect(explained).toBeInstanceOf(DatabaseUnavailableError);
    expect(explained.message).toMatch(message);
    expect(explained.message).toContain("postgres://db");
  });

  it("leaves other errors alone", () => {
    const error = Object.assign(new Error("syntax error"), { code: "42601" });
    expect(explainConnectionError(error, "x")).toBe(error);
  });
});
