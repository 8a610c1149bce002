import { randomBytes } from "node:crypto";

/** A new session id: `s-` and 12 base-36 characters (a valid Kubernetes object name). */
export function newSessionId(): string {
  const alphabet = "0123456789abcdefghijklmnopqrstuvwxyz";
  const bytes = randomBytes(12);
  let id = "s-";
  for (const byte of bytes) id += alphabet[byte % 36];
  return id;
}
