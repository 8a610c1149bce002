import { describe, expect, it } from "vitest";
import { parseAuditExportQuery, parseSessionsExportQuery } from "./export-query";

describe("parseSessionsExportQuery", () => {
  it("reads the page's filters and sort, ignores its paging, defaults like the page", () => {
    expect(
      parseSessionsExportQuery({
        format: "csv",
        state: "terminating",
        q: " s-4 ",
        page: "3",
        pageSize: "25",
      }),
    ).toEqual({
      format: "csv",
      state: "terminating",
      q: "s-4",
      agent: undefined,
      namespace: undefined,
      ended: "hide",
      sort: "severity",
      dir: "desc",
    });
  });

  it("takes a blank value as no filter", () => {
    expect(parseSessionsExportQuery({ format: "json", state: "", drift: " " })).toMatchObject({
      state: undefined,
      drift: undefined,
    });
  });

  it.each([
    [{}, /format: csv, json or ndjson/],
    [{ format: "xlsx" }, /format: csv, json or ndjson/],
    [{ format: "csv", state: "zombie" }, /^state: /],
    [{ format: "csv", drift: "everything" }, /^drift: /],
    [{ format: "csv", sort: "evil" }, /^sort: /],
    [{ format: "csv", dir: "up" }, /^dir: /],
    [{ format: "csv", ended: "maybe" }, /^ended: /],
    [{ format: "csv", q: "x".repeat(201) }, /q: at most 200 characters/],
    [{ format: "csv", agent: "a".repeat(64) }, /agent: at most 63 characters/],
    [{ format: "csv", limit: "10" }, /unknown parameter limit/],
  ])("refuses %j with what is wrong", (params, message) => {
    expect(() => parseSessionsExportQuery(params as Record<string, string>)).toThrow(message);
  });
});

describe("parseAuditExportQuery", () => {
  it("reads the page's filters and sort, ignores paging and grouping", () => {
    expect(
      parseAuditExportQuery({
        format: "ndjson",
        action: "session.*",
        since: "2026-12-01T00:00:00Z",
        refused: "each",
        page: "2",
        size: "25",
        sort: "actor",
        dir: "asc",
      }),
    ).toEqual({
      format: "ndjson",
      action: "session.*",
      since: new Date("2026-12-01T00:00:00Z"),
      actorType: undefined,
      actorId: undefined,
      sessionId: undefined,
      until: undefined,
      sort: "actor",
      dir: "asc",
    });
  });

  it.each([
    [{ format: "pdf" }, /format: /],
    [{ format: "csv", actorType: "martian" }, /^actorType: /],
    [{ format: "csv", since: "yesterday" }, /since: not a date/],
    [{ format: "csv", since: "2026-12-02", until: "2026-12-01" }, /since: must not be after until/],
    [{ format: "csv", sort: "mood" }, /^sort: /],
    [{ format: "csv", actor: "x" }, /unknown parameter actor/],
  ])("refuses %j with what is wrong", (params, message) => {
    expect(() => parseAuditExportQuery(params as Record<string, string>)).toThrow(message);
  });
});
