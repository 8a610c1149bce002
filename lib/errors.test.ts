import { describe, expect, it } from "vitest";
import { describeErrorForLog } from "./errors";

describe("describeErrorForLog", () => {
  it("keeps the name and message of an ordinary error", () => {
    expect(describeErrorForLog(new TypeError("x is not a function"))).toBe("TypeError: x is not a function");
    expect(describeErrorForLog("plain")).toBe("plain");
  });
  it("never logs a failed query's parameters, only its cause", () => {
    const failed = new Error('Failed query: insert into "user_accounts" ... params: id,$scrypt$secret-hash', {
      cause: Object.assign(new Error("connection terminated"), { name: "DatabaseError" }),
    });
    failed.name = "DrizzleQueryError";
    const logged = describeErrorForLog(failed);
    expect(logged).toBe("DrizzleQueryError: a database query failed (DatabaseError: connection terminated)");
    expect(logged).not.toContain("secret-hash");
  });
});
