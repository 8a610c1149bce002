import { createServer, connect, type Socket } from "node:net";

/**
 * A TCP pass-through to `target` on a local port. Closing it cuts every connection and refuses
 * new ones: to the app behind it, the API server is gone, exactly as when it stops — while the
 * real API server keeps serving the other tests.
 */
export async function startTcpProxy(target: { host: string; port: number }) {
  const sockets = new Set<Socket>();
  let blocked = false;
  const server = createServer((client) => {
    if (blocked) {
      client.destroy();
      return;
    }
    const upstream = connect(target.port, target.host);
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on("close", () => sockets.delete(s));
      s.on("error", () => s.destroy());
    }
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  return {
    port,
    /** Cuts every connection and refuses new ones until `unblock`: the API server "stops". */
    block() {
      blocked = true;
      for (const s of sockets) s.destroy();
    },
    /** The API server "is back". */
    unblock() {
      blocked = false;
    },
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
