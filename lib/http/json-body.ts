import type { z } from "zod";
import { badRequest, payloadTooLarge } from "./errors";

/**
 * Reads a JSON body of at most `limitBytes` and validates it with `schema`. Oversized, unparsable
 * or invalid bodies throw an ApiError (413 / 400) naming the problem; nothing is read past the limit.
 */
export async function readJsonBody<S extends z.ZodType>(
  request: Request,
  schema: S,
  limitBytes = 16 * 1024,
): Promise<z.infer<S>> {
  const declared = Number(request.headers.get("content-length") ?? "NaN");
  if (Number.isFinite(declared) && declared > limitBytes) throw payloadTooLarge(limitBytes);
  const type = request.headers.get("content-type") ?? "";
  if (!/^application\/json\b/i.test(type))
    throw badRequest("the body must be JSON (content-type: application/json)");

  const text = await readLimited(request, limitBytes);
  let value: unknown;
  try {
    value = text === "" ? undefined : JSON.parse(text);
  } catch {
    throw badRequest("the body is not valid JSON");
  }
  const result = schema.safeParse(value);
  if (!result.success) {
    const issues = result.error.issues.map((i) => ({
      path: i.path.join(".") || "(body)",
      message: i.message,
    }));
    throw badRequest(`invalid request: ${issues.map((i) => `${i.path}: ${i.message}`).join("; ")}`, issues);
  }
  return result.data;
}

async function readLimited(request: Request, limitBytes: number): Promise<string> {
  if (!request.body) return "";
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > limitBytes) {
      await reader.cancel().catch(() => undefined);
      throw payloadTooLarge(limitBytes);
    }
    chunks.push(value);
  }
  return new TextDecoder("utf-8", { fatal: false }).decode(Buffer.concat(chunks));
}

/** Validates query parameters with `schema`; invalid ones throw a 400 naming them. */
export function readQuery<S extends z.ZodType>(url: string, schema: S): z.infer<S> {
  const params = Object.fromEntries(new URL(url).searchParams.entries());
  const result = schema.safeParse(params);
  if (!result.success) {
    const issues = result.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
    throw badRequest(`invalid query: ${issues.join("; ")}`);
  }
  return result.data;
}
