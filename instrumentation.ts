/**
 * Next.js start-up hook. Everything it starts runs in the Node.js runtime only
 * (instrumentation-node.ts); the literal NEXT_RUNTIME check lets the edge build drop the import.
 */
export async function register() {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { registerNode } = await import("./instrumentation-node");
    await registerNode();
  }
}
