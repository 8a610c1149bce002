import { describe, expect, it } from "vitest";
import { deriveClientAddress, isAddressOrRange, peerAddressHeader, trustedProxyList } from "./client-address";

const headers = (values: Record<string, string>) => new Headers(values);
const none = trustedProxyList([]);
const ingress = trustedProxyList(["10.0.0.0/8", "fd00::/8"]);

describe("deriveClientAddress", () => {
  it("takes the socket's peer and ignores the header a direct client writes", () => {
    const forged = headers({ [peerAddressHeader]: "198.51.100.7", "x-forwarded-for": "203.0.113.1" });
    expect(deriveClientAddress(forged, none)).toBe("198.51.100.7");
    expect(deriveClientAddress(forged, ingress)).toBe("198.51.100.7");
  });

  it("believes the hops of trusted proxies only, walking from the right", () => {
    // The client forged the first hop; the ingress (10.1.2.3) appended what it saw.
    const viaIngress = headers({
      [peerAddressHeader]: "::ffff:10.1.2.3",
      "x-forwarded-for": "203.0.113.1, 198.51.100.7",
    });
    expect(deriveClientAddress(viaIngress, ingress)).toBe("198.51.100.7");
    expect(deriveClientAddress(viaIngress, none)).toBe("10.1.2.3");
    const twoProxies = headers({
      [peerAddressHeader]: "fd00::1",
      "x-forwarded-for": "203.0.113.1, 198.51.100.7, 10.9.9.9",
    });
    expect(deriveClientAddress(twoProxies, ingress)).toBe("198.51.100.7");
    // Only trusted proxies in the chain: the leftmost hop is all there is.
    const allTrusted = headers({ [peerAddressHeader]: "10.0.0.2", "x-forwarded-for": "10.0.0.3" });
    expect(deriveClientAddress(allTrusted, ingress)).toBe("10.0.0.3");
  });

  it("without a peer stamp (a serverless platform writes the header) takes the last hop", () => {
    expect(deriveClientAddress(headers({ "x-forwarded-for": "203.0.113.1, 198.51.100.7" }), none)).toBe(
      "198.51.100.7",
    );
    expect(deriveClientAddress(headers({}), none)).toBeUndefined();
  });
});

describe("isAddressOrRange", () => {
  it("accepts addresses and CIDR ranges of both families, and nothing else", () => {
    for (const ok of ["10.0.0.1", "10.0.0.0/8", "0.0.0.0/0", "::1", "fd00::/8", "2001:db8::/128"])
      expect(isAddressOrRange(ok), ok).toBe(true);
    for (const bad of ["10.0.0.0/33", "fd00::/129", "10.0.0/8", "ingress", "10.0.0.1/8/1", "10.0.0.0/", ""])
      expect(isAddressOrRange(bad), bad).toBe(false);
  });
});
