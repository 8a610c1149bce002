/**
 * Errors that carry their HTTP answer. Route handlers throw them; `withApiErrors` turns them into
 * `{ error: { code, message, details? } }` with the status. Anything else becomes a 500 whose body
 * says nothing about internals.
 */
export class ApiError extends Error {
  override name = "ApiError";
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

export const badRequest = (message: string, details?: unknown) =>
  new ApiError(400, "bad_request", message, details);
export const unauthorized = (message: string) => new ApiError(401, "unauthorized", message);
export const forbidden = (message: string) => new ApiError(403, "forbidden", message);
export const notFound = (message: string) => new ApiError(404, "not_found", message);
export const conflict = (code: string, message: string, details?: unknown) =>
  new ApiError(409, code, message, details);
export const payloadTooLarge = (limitBytes: number) =>
  new ApiError(413, "payload_too_large", `the request body is larger than ${limitBytes} bytes`);
export const unavailable = (message: string) => new ApiError(503, "unavailable", message);
