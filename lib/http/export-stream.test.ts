import { describe, expect, it } from "vitest";
import type { ExportColumns } from "@/lib/dashboard/export-records";
import { exportResponse, streamExport } from "./export-stream";

type Item = { id: string; note: string };
const columns: ExportColumns<Item> = {
  header: ["id", "note"],
  cells: (item) => [item.id, item.note],
  record: (item) => item,
};

async function* pagesOf(...pages: Item[][]) {
  for (const page of pages) yield page;
}

// Decoded keeping a byte-order mark, which Response.text() would drop.
const read = async (stream: ReadableStream<Uint8Array>) =>
  new TextDecoder("utf-8", { ignoreBOM: true }).decode(await new Response(stream).arrayBuffer());
const a = { id: "s-1", note: "=1+1" };
const b = { id: "s-2", note: 'a "b", c\nd' };

describe("streamExport", () => {
  it("writes CSV with a BOM and the header, then each page's rows", async () => {
    expect(await read(streamExport("csv", columns, pagesOf([a], [b])))).toBe(
      `\uFEFFid,note\r\ns-1,'=1+1\r\ns-2,"a ""b"", c\nd"\r\n`,
    );
  });

  it("writes one JSON array over the pages", async () => {
    const text = await read(streamExport("json", columns, pagesOf([a], [], [b])));
    expect(JSON.parse(text)).toEqual([a, b]);
  });

  it("writes an empty JSON array when nothing matches", async () => {
    expect(JSON.parse(await read(streamExport("json", columns, pagesOf())))).toEqual([]);
  });

  it("writes NDJSON, one object a line", async () => {
    const text = await read(streamExport("ndjson", columns, pagesOf([a, b])));
    expect(text.split("\n")).toEqual([JSON.stringify(a), JSON.stringify(b), ""]);
  });

  it("reads a page only when the reader asks for more", async () => {
    const read: number[] = [];
    async function* counted() {
      for (let i = 0; i < 3; i++) {
        read.push(i);
        yield [{ id: `s-${i}`, note: "" }];
      }
    }
    const reader = streamExport("ndjson", columns, counted()).getReader();
    await reader.read();
    // The stream pulls ahead by at most its high-water mark (one chunk), never the whole result.
    expect(read.length).toBeLessThanOrEqual(2);
    await reader.cancel();
  });

  it("ends with an error when a page cannot be read (the download is cut short, never complete)", async () => {
    async function* failing() {
      yield [a];
      throw new Error("database down");
    }
    await expect(read(streamExport("json", columns, failing()))).rejects.toThrow("database down");
  });
});

describe("exportResponse", () => {
  it("is an attachment with its file name, not cached", () => {
    const response = exportResponse("csv", "sessions-20261204T024400Z.csv", new ReadableStream());
    expect(response.headers.get("content-disposition")).toBe(
      'attachment; filename="sessions-20261204T024400Z.csv"',
    );
    expect(response.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(response.headers.get("cache-control")).toBe("no-store");
  });
});
