import { describe, expect, it } from "vitest";
import { encodeCsvCell, encodeCsvRow } from "./csv";

describe("encodeCsvCell", () => {
  it.each([
    ["plain", "s-42", "s-42"],
    ["empty", "", ""],
    ["null", null, ""],
    ["undefined", undefined, ""],
    ["a number", 250, "250"],
    ["a negative number (ours, not a formula)", -1, "-1"],
    ["a boolean", true, "true"],
    ["a comma", "a,b", '"a,b"'],
    ["a quote", 'say "hi"', '"say ""hi"""'],
    ["a newline", "line1\nline2", '"line1\nline2"'],
    ["a CRLF", "line1\r\nline2", '"line1\r\nline2"'],
    ["a formula", "=SUM(A1:A9)", "'=SUM(A1:A9)"],
    ["a plus", "+1 555", "'+1 555"],
    ["a minus", "-2+3", "'-2+3"],
    ["an at", "@cmd", "'@cmd"],
    ["a leading tab", "\tx", "'\tx"],
    ["a leading CR (quoted too)", "\rx", '"\'\rx"'],
    [
      "a formula with a comma (defused, then quoted)",
      '=HYPERLINK("http://x","y")',
      `"'=HYPERLINK(""http://x"",""y"")"`,
    ],
    ["a formula sign later in the text", "a=b", "a=b"],
    ["unicode kept as it is", "Zoë — 日本語 🚀", "Zoë — 日本語 🚀"],
    ["unicode with a comma", "Zoë, 日本", '"Zoë, 日本"'],
  ])("%s", (_name, value, expected) => {
    expect(encodeCsvCell(value)).toBe(expected);
  });
});

describe("encodeCsvRow", () => {
  it("joins the cells with commas and ends the line with CRLF", () => {
    expect(encodeCsvRow(["id", "a,b", null, 3])).toBe('id,"a,b",,3\r\n');
  });

  it("keeps an empty row as an empty line", () => {
    expect(encodeCsvRow([])).toBe("\r\n");
  });
});
