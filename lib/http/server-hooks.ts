import { Server, type IncomingMessage, type ServerResponse } from "node:http";
import type { Duplex } from "node:stream";
import { peerAddressHeader } from "./client-address";

const installed = Symbol.for("session-reconciler.server-hooks");
const tuned = Symbol.for("session-reconciler.server-tuned");

/**
 * A request must arrive whole within this: a body shorter than its Content-Length is answered
 * 408 after it (Node's default waits 300 s in silence). Node checks every 30 s, so the answer
 * comes 30–60 s after the request started. Our requests are small JSON; long polls wait in the
 * response, which this does not bound.
 */
const requestTimeoutMs = 20_000;
/** Headers must arrive first, and sooner (Node needs it no longer than the request's timeout). */
const headersTimeoutMs = 10_000;

/** The usual error body, written straight on a socket Node gave up parsing. */
function answerOnSocket(socket: Duplex, status: number, reason: string, code: string, message: string) {
  if (!socket.writable) return socket.destroy();
  const body = JSON.stringify({ error: { code, message } });
  socket.end(
    `HTTP/1.1 ${status} ${reason}\r\ncontent-type: application/json\r\ncache-control: no-store\r\n` +
      `connection: close\r\ncontent-length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
}

function onClientError(error: NodeJS.ErrnoException, socket: Duplex) {
  if (error.code === "ERR_HTTP_REQUEST_TIMEOUT")
    return answerOnSocket(
      socket,
      408,
      "Request Timeout",
      "request_timeout",
      `the request did not arrive whole within ${requestTimeoutMs / 1000} s (a body shorter than its content-length?)`,
    );
  if (error.code === "HPE_HEADER_OVERFLOW")
    return answerOnSocket(
      socket,
      431,
      "Request Header Fields Too Large",
      "headers_too_large",
      "the headers are too large",
    );
  if (error.code === "ECONNRESET" || !socket.writable) return socket.destroy();
  answerOnSocket(socket, 400, "Bad Request", "bad_request", "the request is not valid HTTP/1.1");
}

/** TRACE would reach Next, whose Request constructor refuses it with a bare 500. */
function refuseTrace(response: ServerResponse) {
  const body = JSON.stringify({
    error: { code: "method_not_allowed", message: "method TRACE is not served here" },
  });
  response.writeHead(405, {
    "content-type": "application/json",
    "cache-control": "no-store",
    allow: "GET, HEAD, POST",
  });
  response.end(body);
}

/**
 * What this process's HTTP server does before Next.js sees a request — Next.js gives route
 * handlers no socket and no say over the server, so these sit on the server's events:
 * - every request carries its socket's peer address under {@link peerAddressHeader}, overwriting a
 *   client's own (the client address past trusted proxies; Next keeps a client's X-Forwarded-For);
 * - TRACE is answered 405; input Node cannot parse, or that does not arrive whole in time, gets
 *   400/408/431 with the usual JSON error body instead of Node's bare one or none at all.
 * Installed once at start from instrumentation.ts. A request accepted before that is read as on a
 * serverless host (no peer stamp; see deriveClientAddress).
 */
export function installServerHooks(): void {
  const prototype = Server.prototype as Server & { [installed]?: true };
  if (prototype[installed]) return;
  const emit = prototype.emit;
  prototype.emit = function (this: Server & { [tuned]?: true }, event: string | symbol, ...args: unknown[]) {
    if (!this[tuned]) {
      this.headersTimeout = headersTimeoutMs;
      this.requestTimeout = requestTimeoutMs;
      this[tuned] = true;
    }
    if (event === "request") {
      const [request, response] = args as [IncomingMessage, ServerResponse];
      request.headers[peerAddressHeader] = request.socket.remoteAddress ?? "";
      if (request.method === "TRACE") {
        refuseTrace(response);
        return true;
      }
    }
    if (event === "clientError") {
      onClientError(args[0] as NodeJS.ErrnoException, args[1] as Duplex);
      return true;
    }
    return Reflect.apply(emit, this, [event, ...args]) as boolean;
  } as Server["emit"];
  prototype[installed] = true;
}
