/**
 * What the reconciler may do with a drift class: act by itself (`automatic`: delete), act but keep
 * the objects back for a while first (`quarantine`: scale to 0, mark, delete once the quarantine
 * ends), leave it to a human's click, or ignore it. One list, read by the environment's parser,
 * the policy and the settings page, so a new mode is added here once.
 */
export const classModes = ["automatic", "quarantine", "manual", "off"] as const;
export type ClassMode = (typeof classModes)[number];
