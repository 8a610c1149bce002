import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";

/** One request a receiver got: the raw body (what the signature covers) and its headers. */
export interface Received {
  body: string;
  headers: IncomingHttpHeaders;
  at: Date;
}

/**
 * A real webhook receiver for tests: node:http on a free loopback port; `answer` says what each
 * request gets (a status, later when a promise, or `hang`: never answered, for timeouts and killed
 * senders).
 */
export async function startWebhookReceiver(
  answer: (n: number, r: Received) => number | "hang" | Promise<number> = () => 200,
) {
  const received: Received[] = [];
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (c: Buffer) => chunks.push(c));
    request.on("end", () => {
      const r = { body: Buffer.concat(chunks).toString("utf8"), headers: request.headers, at: new Date() };
      received.push(r);
      void Promise.resolve(answer(received.length, r)).then((status) => {
        if (status === "hang") return;
        response.writeHead(status, { "content-type": "text/plain" }).end(status < 300 ? "ok" : "no");
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    port,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
