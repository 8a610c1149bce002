import { readFileSync } from "node:fs";
import path from "node:path";
import { repoRoot } from "./processes";

/** A server action of the production build: its id and a page that serves it. */
export interface BuiltAction {
  id: string;
  page: string;
}

/**
 * The build's server actions by name (`sessions/retry-stop` for lib/actions/sessions/retry-stop-action.ts),
 * read from Next's server-reference manifest: what a browser (or a forger) posts to.
 */
export function readBuiltActions(): Map<string, BuiltAction> {
  const manifest = JSON.parse(
    readFileSync(path.join(repoRoot, ".next", "server", "server-reference-manifest.json"), "utf8"),
  ) as { node: Record<string, { filename: string; workers: Record<string, unknown> }> };
  return new Map(
    Object.entries(manifest.node).map(([id, entry]) => {
      const worker = Object.keys(entry.workers)[0]!;
      const page = `/${worker.replace(/^app\//, "").replace(/\/?page$/, "")}`.replace(/\[id\]/g, "x");
      return [entry.filename.replace(/^lib\/actions\//, "").replace(/-action\.ts$/, ""), { id, page }];
    }),
  );
}

/**
 * Calls a server action the way Next's client does (POST to its page with the `Next-Action`
 * header and the arguments as JSON); answers the HTTP status and the raw RSC text, which holds
 * the action's `{ ok, … }` result.
 */
export async function callServerAction(
  appUrl: string,
  action: BuiltAction,
  input: unknown,
  headers: Record<string, string> = {},
  rawBody?: string,
): Promise<{ status: number; text: string }> {
  const response = await fetch(`${appUrl}${action.page}`, {
    method: "POST",
    headers: {
      "next-action": action.id,
      "content-type": "text/plain;charset=UTF-8",
      accept: "text/x-component",
      origin: appUrl,
      ...headers,
    },
    body: rawBody ?? JSON.stringify([input]),
  });
  return { status: response.status, text: await response.text() };
}
