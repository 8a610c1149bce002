import { Server, type IncomingMessage } from "node:http";
import { peerAddressHeader } from "./client-address";

const stamped = Symbol.for("session-reconciler.peer-stamp");

/**
 * Writes the socket's peer address on every request this process's HTTP server receives, under
 * {@link peerAddressHeader}, before Next.js sees it — overwriting a client's own. Next.js gives
 * route handlers no socket and keeps a client's `X-Forwarded-For`, so without this a direct client
 * could pick its address (and slip past the per-address limits). Called once at start from
 * instrumentation.ts; a request accepted before that carries no stamp and is read as a serverless
 * host's would be (see deriveClientAddress).
 */
export function stampPeerAddresses(): void {
  const prototype = Server.prototype as Server & { [stamped]?: true };
  if (prototype[stamped]) return;
  const emit = prototype.emit;
  prototype.emit = function (this: Server, event: string | symbol, ...args: unknown[]) {
    if (event === "request") {
      const request = args[0] as IncomingMessage;
      request.headers[peerAddressHeader] = request.socket.remoteAddress ?? "";
    }
    return Reflect.apply(emit, this, [event, ...args]) as boolean;
  } as Server["emit"];
  prototype[stamped] = true;
}
