import { Dot } from "@/components/ui/badge";
import type { KindStatusView } from "@/lib/dashboard/get-sessions-view";
import { Time } from "@/components/ui/time";

const kindLabels: Record<string, string> = {
  deployments: "Deployments",
  services: "Services",
  endpointSlices: "EndpointSlices",
  pods: "Pods",
};

/**
 * How current each kind is. A kind that cannot be read is shown as unknown since when, with the
 * error: the table then shows its cells as unknown rather than empty.
 */
export function KindFreshness(props: {
  kinds: KindStatusView[];
  generatedAt: string;
  refreshing: boolean;
  error?: string;
}) {
  const now = props.generatedAt;
  return (
    <section
      aria-label="Cluster freshness"
      className="flex flex-wrap items-center gap-x-5 gap-y-1 text-xs text-slate-600"
    >
      {props.kinds.map((k) => {
        // With several clusters each kind is per cluster: "eu-1 Pods".
        const label = `${k.cluster ? `${k.cluster} ` : ""}${kindLabels[k.kind] ?? k.kind}`;
        const key = k.cluster ? `${k.cluster}-${k.kind}` : k.kind;
        if (k.state === "synced") {
          return (
            <span
              key={key}
              data-testid={`kind-${key}`}
              data-state="synced"
              className="flex items-center gap-1.5"
            >
              <Dot tone="ok" label="synced" />
              {label}:{" "}
              {k.mode === "watch" ? (
                "live (watch)"
              ) : (
                <>
                  listed <Time at={k.at} now={now} />
                </>
              )}
              {k.count !== undefined ? ` · ${k.count}` : ""}
            </span>
          );
        }
        return (
          <span
            key={key}
            data-testid={`kind-${key}`}
            data-state={k.state}
            className="flex items-center gap-1.5 font-medium text-red-700"
          >
            <Dot tone="error" label="unknown" />
            {label}: unknown since <Time at={k.at} format="absolute" /> (
            <Time at={k.at} now={now} format="elapsed" />){k.error ? ` — ${k.error}` : " — starting"}
          </span>
        );
      })}
      <span className="ml-auto text-slate-500">
        {props.error ? <span className="text-red-600">refresh failed: {props.error} · </span> : null}
        as of <Time at={props.generatedAt} format="absolute" />
        {props.refreshing ? " · refreshing" : ""}
      </span>
    </section>
  );
}
