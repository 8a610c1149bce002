import { describe, expect, it } from "vitest";
import { derivePageCount, parseTableQuery, tableQuerySchema, withParams } from "./table-query";

const schema = tableQuerySchema(["started", "duration"], "started");

describe("parseTableQuery", () => {
  it.each([
    [{}, { sort: "started", dir: "desc", page: 1, size: 50 }],
    [
      { sort: "duration", dir: "asc", page: "3", size: "25" },
      { sort: "duration", dir: "asc", page: 3, size: 25 },
    ],
    [
      { sort: "", size: "" },
      { sort: "started", dir: "desc", page: 1, size: 50 },
    ],
    [{ sort: ["duration", "started"] }, { sort: "duration", dir: "desc", page: 1, size: 50 }],
  ])("reads %j", (params, query) => {
    expect(parseTableQuery(schema, params)).toEqual({ query, problems: [] });
  });

  it.each([
    [{ sort: "drop table" }, "sort"],
    [{ dir: "up" }, "dir"],
    [{ page: "0" }, "page"],
    [{ page: "2.5" }, "page"],
    [{ size: "30" }, "size"],
    [{ size: "lots" }, "size"],
  ])("refuses %j, says which, and stays on the defaults", (params, field) => {
    const { query, problems } = parseTableQuery(schema, params);
    expect(query).toEqual({ sort: "started", dir: "desc", page: 1, size: 50 });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(new RegExp(`^${field}: `));
  });
});

describe("withParams", () => {
  it("keeps the other params, replaces and removes the changed ones", () => {
    expect(withParams({ actorType: "user", page: "3", empty: "" }, { page: undefined, sort: "actor" })).toBe(
      "?actorType=user&sort=actor",
    );
  });
});

describe("derivePageCount", () => {
  it.each([
    [0, 25, 1],
    [25, 25, 1],
    [26, 25, 2],
    [171, 50, 4],
  ])("%d rows at %d a page make %d pages", (total, size, pages) => {
    expect(derivePageCount(total, size)).toBe(pages);
  });
});
