import { ApiException } from "@kubernetes/client-node";
import { describe, expect, it } from "vitest";
import { describeClusterError } from "./cluster-status";

describe("describeClusterError", () => {
  const forbidden = {
    kind: "Status",
    status: "Failure",
    reason: "Forbidden",
    code: 403,
    message: 'deployments.apps "s-1" is forbidden: User "system:serviceaccount:ns:a" cannot delete resource',
  };

  it("says the API server's reason for a refused call, in one line, without the response", () => {
    const error = new ApiException(403, "Forbidden", JSON.stringify(forbidden), { "x-secret": "h" });
    expect(describeClusterError(error)).toBe(`HTTP 403: ${forbidden.message}`);
    expect(describeClusterError(new ApiException(403, "Forbidden", forbidden, {}))).toBe(
      `HTTP 403: ${forbidden.message}`,
    );
  });

  it("says only the status when the body is no Status, and caps a long message", () => {
    expect(describeClusterError(new ApiException(502, "Bad Gateway", "<html>proxy</html>", {}))).toBe(
      "HTTP 502",
    );
    const long = { ...forbidden, message: `${"x".repeat(400)}\nsecond line` };
    expect(describeClusterError(new ApiException(403, "", long, {}))).toBe(`HTTP 403: ${"x".repeat(300)}`);
  });

  it("keeps the reason of a connection error", () => {
    const refused = Object.assign(new Error("request failed, reason: connect ECONNREFUSED 127.0.0.1:6443"), {
      code: "ECONNREFUSED",
    });
    expect(describeClusterError(refused)).toBe("ECONNREFUSED: connect ECONNREFUSED 127.0.0.1:6443");
  });
});
