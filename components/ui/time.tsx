"use client";

import { useSyncExternalStore } from "react";
import { deriveTimeText, formatUtc, type Instant, type TimeFormat } from "@/lib/format/time";

const tickMs = 5_000;

// One clock for every <Time> on the page, read in steps of tickMs so that a snapshot read twice in
// one render is the same value.
const subscribeClock = (onTick: () => void) => {
  const timer = setInterval(onTick, tickMs);
  return () => clearInterval(timer);
};
const readClock = () => Math.floor(Date.now() / tickMs) * tickMs;
// The server, and the client while it hydrates, have no clock: the text is then the UTC one.
const readNoClock = () => null;

/**
 * An instant, inside `<time dateTime>`, with its absolute UTC time on hover. `relative` ("3 min
 * ago") and `elapsed` ("3 min") count from `now` when the server passes the clock its data was
 * read at (then the text is the same on server and client); otherwise from the browser's clock,
 * after hydration — before it they print the UTC time, so hydration never mismatches.
 */
export function Time({
  at,
  now,
  format = "relative",
  className,
}: {
  at: Instant;
  now?: Instant;
  format?: TimeFormat;
  className?: string;
}) {
  const clock = useSyncExternalStore(subscribeClock, readClock, readNoClock);
  const reference = now ?? (clock === null ? null : new Date(clock));
  const iso = (typeof at === "string" ? new Date(at) : at).toISOString();
  return (
    <time dateTime={iso} title={formatUtc(at)} className={className}>
      {deriveTimeText(format, at, reference)}
    </time>
  );
}
