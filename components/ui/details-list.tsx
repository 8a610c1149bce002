/** A detail's value as text: strings as they are, lists joined, anything nested as compact JSON. */
function describeValue(value: unknown): string {
  if (value === null || value === undefined) return "—";
  if (typeof value === "string") return value === "" ? "(empty)" : value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  if (Array.isArray(value) && value.every((v) => typeof v !== "object" || v === null)) {
    return value.length ? value.map(describeValue).join(", ") : "(none)";
  }
  return JSON.stringify(value);
}

/**
 * The fields of an event's details (an audit event's JSON) as a small definition list: each key
 * beside its value, long values wrapped rather than cut, anything nested as compact JSON.
 */
export function DetailsList({ details }: { details: Record<string, unknown> | null | undefined }) {
  const entries = Object.entries(details ?? {});
  if (entries.length === 0) return <span className="text-slate-500">—</span>;
  return (
    <dl className="grid grid-cols-[max-content_minmax(0,1fr)] gap-x-2 text-xs" data-testid="details">
      {entries.map(([key, value]) => (
        <div key={key} className="contents">
          <dt className="text-slate-500">{key}</dt>
          <dd className="break-words text-slate-700 [overflow-wrap:anywhere]">{describeValue(value)}</dd>
        </div>
      ))}
    </dl>
  );
}
