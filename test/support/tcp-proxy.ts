import { createServer, connect, type Socket } from "node:net";
import { Transform } from "node:stream";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { repoRoot } from "./processes";

/**
 * A TCP pass-through to `target` on a local port. Closing it cuts every connection and refuses
 * new ones: to the app behind it, the API server is gone, exactly as when it stops — while the
 * real API server keeps serving the other tests.
 */
export async function startTcpProxy(target: { host: string; port: number }) {
  const sockets = new Set<Socket>();
  const held: (() => void)[] = [];
  let blocked = false;
  let frozen = false;
  let requestDelayMs = 0;
  const server = createServer((client) => {
    if (blocked) {
      client.destroy();
      return;
    }
    if (frozen) {
      // Accepted and never answered, until `thaw`: a server that hangs, not one that is gone.
      client.pause();
      sockets.add(client);
      held.push(() => server.emit("connection", client));
      return;
    }
    const upstream = connect(target.port, target.host);
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on("close", () => sockets.delete(s));
      s.on("error", () => s.destroy());
    }
    // Bytes towards the API server wait `requestDelayMs` (a slow link or a loaded server: every
    // request takes that long); answers and watch events come back at once.
    const delayed = new Transform({
      transform(chunk, _encoding, done) {
        if (requestDelayMs === 0) done(null, chunk);
        else setTimeout(() => done(null, chunk), requestDelayMs);
      },
    });
    client.pipe(delayed).pipe(upstream).pipe(client);
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
    /**
     * Every connection, open or new, stops moving bytes without closing: requests hang, as with a
     * paused API server, a stuck admission webhook or a frozen watch. `thaw` lets them go on.
     */
    freeze() {
      frozen = true;
      for (const s of sockets) s.pause();
    },
    thaw() {
      frozen = false;
      for (const s of sockets) s.resume();
      for (const resume of held.splice(0)) resume();
    },
    /** Every request (each chunk sent to the API server) from now on waits `ms` before it goes. */
    delayRequests(ms: number) {
      requestDelayMs = ms;
    },
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/**
 * A kubeconfig like `kubeconfigPath` whose server goes through a TCP proxy of its own, so a test
 * can cut or freeze one process's view of the API server while the others keep theirs.
 */
export async function proxiedKubeconfig(kubeconfigPath: string, name: string) {
  const text = readFileSync(kubeconfigPath, "utf8");
  const server = /server:\s*(\S+)/.exec(text)![1]!;
  const proxy = await startTcpProxy({ host: new URL(server).hostname, port: Number(new URL(server).port) });
  const file = path.join(repoRoot, "test-results", `kubeconfig-${name}-${proxy.port}`);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text.replace(server, `https://127.0.0.1:${proxy.port}`));
  return { proxy, kubeconfig: file };
}
