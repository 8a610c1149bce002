import { describe, expect, it } from "vitest";
import { redactErrorMessage } from "./errors";

describe("redactErrorMessage", () => {
  it("keeps the message of an ordinary error", () => {
    expect(redactErrorMessage(new TypeError("x is not a function"))).toBe("x is not a function");
  });
  it("never logs a failed query's parameters, only its cause", () => {
    const failed = new Error('Failed query: insert into "user_accounts" ... params: id,$scrypt$secret-hash', {
      cause: Object.assign(new Error("connection terminated"), { name: "DatabaseError" }),
    });
    failed.name = "DrizzleQueryError";
    const logged = redactErrorMessage(failed);
    expect(logged).toBe("a database query failed (DatabaseError: connection terminated)");
    expect(logged).not.toContain("secret-hash");
  });
});
