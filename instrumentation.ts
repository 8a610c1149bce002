/**
 * Next.js start-up hook: background loops of the server process. Only in the Node.js runtime;
 * on a serverless host these are off and the cron endpoint does the work instead.
 */
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { startAgentLivenessLoop } = await import("@/lib/platform/liveness-loop");
  startAgentLivenessLoop();
}
