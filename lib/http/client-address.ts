import { BlockList, isIP } from "node:net";

/**
 * The header this server writes on every request it receives, with the address of the socket's
 * peer (lib/http/server-hooks.ts): whatever a client sent under that name is overwritten. Next.js
 * gives route handlers no socket, and keeps a client's own `X-Forwarded-For` as it came.
 */
export const peerAddressHeader = "x-session-reconciler-peer";

/** `::ffff:10.0.0.1` (IPv4 on a dual-stack socket) is 10.0.0.1. */
const normalize = (address: string) =>
  address.startsWith("::ffff:") && isIP(address.slice(7)) === 4 ? address.slice(7) : address;

/** Whether `entry` is an address or a CIDR range (`10.0.0.0/8`, `fd00::/8`). */
export function isAddressOrRange(entry: string): boolean {
  const [address, bits, ...rest] = entry.split("/");
  const family = isIP(address ?? "");
  if (!family || rest.length) return false;
  if (bits === undefined) return true;
  const n = Number(bits);
  return /^\d{1,3}$/.test(bits) && n <= (family === 4 ? 32 : 128);
}

/** The proxies whose `X-Forwarded-For` we believe, from validated entries (see isAddressOrRange). */
export function trustedProxyList(entries: readonly string[]): BlockList {
  const list = new BlockList();
  for (const entry of entries) {
    const [address = "", bits] = entry.split("/");
    const type = isIP(address) === 6 ? "ipv6" : "ipv4";
    if (bits === undefined) list.addAddress(address, type);
    else list.addSubnet(address, Number(bits), type);
  }
  return list;
}

/**
 * The address a request came from. It is the socket's peer, unless that peer is a trusted proxy:
 * then the hops of `X-Forwarded-For` are walked from the right past every trusted proxy, and the
 * first hop that is not one is the client (what the outermost trusted proxy saw). A client that
 * reaches us directly cannot choose its address by writing the header.
 *
 * Without the peer stamp (a serverless host, whose platform writes `X-Forwarded-For` itself) the
 * last hop is taken, as that platform appends it.
 */
export function deriveClientAddress(headers: Headers, trusted: BlockList): string | undefined {
  const hops = (headers.get("x-forwarded-for") ?? "")
    .split(",")
    .map((hop) => normalize(hop.trim()))
    .filter(Boolean);
  const peer = headers.get(peerAddressHeader);
  if (!peer) return hops.at(-1) ?? headers.get("x-real-ip") ?? undefined;
  const isTrusted = (address: string) => {
    const family = isIP(address);
    return family !== 0 && trusted.check(address, family === 6 ? "ipv6" : "ipv4");
  };
  let address = normalize(peer);
  while (isTrusted(address) && hops.length > 0) address = hops.pop()!;
  return address;
}
