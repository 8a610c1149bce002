import { describe, expect, it } from "vitest";
import { safeReturnPath } from "./return-to";

describe("safeReturnPath", () => {
  it.each([
    ["/sessions/s-1?tab=x", "/sessions/s-1?tab=x"],
    ["/audit", "/audit"],
    [undefined, "/sessions"],
    ["", "/sessions"],
    ["//evil.example/x", "/sessions"],
    ["https://evil.example", "/sessions"],
    ["/\\evil.example", "/sessions"],
    ["javascript:alert(1)", "/sessions"],
    ["/ok\nLocation: x", "/sessions"],
    [["/runs", "/x"], "/runs"],
  ])("%j → %j", (input, expected) => {
    expect(safeReturnPath(input as string | string[] | undefined)).toBe(expected);
  });
});
