/**
 * What the reconciler may do with a drift class: act by itself, leave it to a human's click, or
 * ignore it. One list, read by the environment's parser, the policy and the settings page, so a
 * new mode is added here once.
 */
export const classModes = ["automatic", "manual", "off"] as const;
export type ClassMode = (typeof classModes)[number];
