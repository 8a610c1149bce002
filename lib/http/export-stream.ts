import { encodeCsvRow } from "@/lib/format/csv";
import type { ExportColumns } from "@/lib/dashboard/export-records";
import type { ExportFormat } from "@/lib/dashboard/export-query";

const contentTypes: Record<ExportFormat, string> = {
  csv: "text/csv; charset=utf-8",
  json: "application/json; charset=utf-8",
  ndjson: "application/x-ndjson; charset=utf-8",
};

/**
 * The body of an export, written page by page as the reader pulls: `pages` is read one page at a
 * time (a database page, or a slice of rows already in memory), each page encoded and sent before
 * the next is read, so the whole result is never held as one string. CSV starts with its header
 * (and a BOM, so spreadsheets read UTF-8 as UTF-8); JSON is one array, its items separated as
 * they come; NDJSON is one object a line. A page that fails to read ends the stream with an error
 * (the download is then cut short, never silently complete).
 */
export function streamExport<T>(
  format: ExportFormat,
  columns: ExportColumns<T>,
  pages: AsyncIterable<T[]>,
): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const iterator = pages[Symbol.asyncIterator]();
  let first = true;
  return new ReadableStream<Uint8Array>({
    start(controller) {
      if (format === "csv") controller.enqueue(encoder.encode(`\uFEFF${encodeCsvRow(columns.header)}`));
      if (format === "json") controller.enqueue(encoder.encode("["));
    },
    async pull(controller) {
      // Until something is sent: a pull that enqueues nothing would not be called again.
      for (;;) {
        const next = await iterator.next();
        if (next.done) {
          if (format === "json") controller.enqueue(encoder.encode(first ? "]\n" : "\n]\n"));
          controller.close();
          return;
        }
        let chunk = "";
        for (const item of next.value) {
          if (format === "csv") chunk += encodeCsvRow(columns.cells(item));
          else if (format === "ndjson") chunk += `${JSON.stringify(columns.record(item))}\n`;
          else chunk += `${first ? "\n" : ",\n"}${JSON.stringify(columns.record(item))}`;
          first = false;
        }
        if (chunk) return controller.enqueue(encoder.encode(chunk));
      }
    },
    async cancel() {
      await iterator.return?.();
    },
  });
}

/** The answer of an export: the stream as an attachment named `filename`, never cached. */
export function exportResponse(
  format: ExportFormat,
  filename: string,
  body: ReadableStream<Uint8Array>,
): Response {
  return new Response(body, {
    headers: {
      "content-type": contentTypes[format],
      "content-disposition": `attachment; filename="${filename}"`,
      "cache-control": "no-store",
      "x-content-type-options": "nosniff",
    },
  });
}
