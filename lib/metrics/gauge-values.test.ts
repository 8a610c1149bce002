import { describe, expect, it } from "vitest";
import { deriveGaugeValues } from "./gauge-values";

const NOW = new Date("2026-05-01T12:00:00Z");
const ago = (seconds: number) => new Date(NOW.getTime() - seconds * 1000);
const agent = (heartbeatSecondsAgo: number | null) => ({
  lastHeartbeatAt: heartbeatSecondsAgo === null ? null : ago(heartbeatSecondsAgo),
  connectedAt: null,
  disconnectedAt: null,
});

describe("deriveGaugeValues", () => {
  it("reports zeros and no labelled samples before any run", () => {
    expect(deriveGaugeValues({ lastSucceededAt: null, blocked: false, agents: [] }, NOW, 30)).toEqual({
      stuckTerminating: 0,
      driftSessions: {},
      orphanedObjects: {},
      quarantinedObjects: {},
      connectedAgents: 0,
      lastSuccessSeconds: 0,
      blocked: 0,
      heldForSilence: 0,
      driftByCluster: [],
      orphansByCluster: [],
    });
  });

  it("reports the last planned run's figures, the last success and the agents connected now", () => {
    const values = deriveGaugeValues(
      {
        lastPlanned: {
          driftCounts: { "stuck-terminating": 2, "orphaned-resources": 1 },
          figures: {
            heldForSilence: 3,
            orphanedObjects: { Deployment: 1, Service: 1, Pod: 0 },
            quarantinedObjects: { Deployment: 1, Service: 1, Pod: 0 },
          },
        },
        lastSucceededAt: ago(90),
        blocked: true,
        agents: [agent(5), agent(29), agent(31), agent(null)],
      },
      NOW,
      30,
    );
    expect(values).toEqual({
      stuckTerminating: 2,
      driftSessions: { "stuck-terminating": 2, "orphaned-resources": 1 },
      orphanedObjects: { Deployment: 1, Service: 1, Pod: 0 },
      quarantinedObjects: { Deployment: 1, Service: 1, Pod: 0 },
      connectedAgents: 2,
      lastSuccessSeconds: ago(90).getTime() / 1000,
      blocked: 1,
      heldForSilence: 3,
      driftByCluster: [],
      orphansByCluster: [],
    });
  });

  it("labels the per-cluster figures with their cluster", () => {
    const values = deriveGaugeValues(
      {
        lastPlanned: {
          driftCounts: { "stuck-terminating": 3 },
          figures: {
            heldForSilence: 0,
            orphanedObjects: { Deployment: 1, Service: 0, Pod: 0 },
            byCluster: {
              "eu-1": {
                driftCounts: { "stuck-terminating": 1 },
                orphanedObjects: { Deployment: 1 },
                quarantinedObjects: {},
              },
              "us-1": {
                driftCounts: { "stuck-terminating": 2 },
                orphanedObjects: {},
                quarantinedObjects: {},
              },
            },
          },
        },
        lastSucceededAt: null,
        blocked: false,
        agents: [],
      },
      NOW,
      30,
    );
    expect(values.driftByCluster).toEqual([
      { labels: { cluster: "eu-1", class: "stuck-terminating" }, value: 1 },
      { labels: { cluster: "us-1", class: "stuck-terminating" }, value: 2 },
    ]);
    expect(values.orphansByCluster).toEqual([{ labels: { cluster: "eu-1", kind: "Deployment" }, value: 1 }]);
  });
});
