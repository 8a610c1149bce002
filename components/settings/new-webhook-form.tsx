"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { CopyButton } from "@/components/ui/copy-button";
import { buttonClass } from "@/components/ui/dialog";
import { createWebhookAction } from "@/lib/actions/settings/create-webhook-action";
import { notifyEventDescriptions, notifyEventTypes } from "@/lib/notify/events";

const inputClass = "rounded border border-slate-300 px-2 py-1 text-sm";

/**
 * Adds a webhook. Its signing secret comes back from the action once and lives only in this
 * component's state: copy it now; a reload (or leaving the page) forgets it, and the server never
 * sends it again.
 */
export function NewWebhookForm() {
  const router = useRouter();
  const [error, setError] = useState<string>();
  const [created, setCreated] = useState<{ name: string; secret: string }>();
  const [pending, startTransition] = useTransition();
  return (
    <form
      aria-label="Add a webhook"
      className="flex flex-wrap items-end gap-3 rounded-lg border border-slate-200 bg-white p-4 text-sm shadow-sm"
      onSubmit={(event) => {
        event.preventDefault();
        const form = event.currentTarget;
        const data = new FormData(form);
        setError(undefined);
        setCreated(undefined);
        startTransition(async () => {
          const result = await createWebhookAction({
            name: String(data.get("name") ?? ""),
            url: String(data.get("url") ?? ""),
            format: String(data.get("format") ?? "generic"),
            events: data.getAll("events").map(String),
            secret: String(data.get("secret") ?? "") || undefined,
          });
          if (result.ok) {
            form.reset();
            setCreated({ name: result.data.name, secret: result.data.secret });
            router.refresh();
          } else {
            setError(result.error);
          }
        });
      }}
    >
      <h2 className="w-full font-medium">Add a webhook</h2>
      <label className="flex flex-col">
        Name
        <input name="name" required maxLength={100} className={inputClass} />
      </label>
      <label className="flex min-w-[20rem] flex-1 flex-col">
        URL (http or https)
        <input
          name="url"
          type="url"
          required
          maxLength={2000}
          className={inputClass}
          placeholder="https://"
        />
      </label>
      <label className="flex flex-col">
        Body
        <select name="format" defaultValue="generic" className={inputClass}>
          <option value="generic">generic JSON</option>
          <option value="slack">Slack-compatible</option>
        </select>
      </label>
      <label className="flex flex-col">
        Secret (empty: generated)
        <input
          name="secret"
          type="password"
          autoComplete="off"
          minLength={16}
          maxLength={200}
          className={inputClass}
        />
      </label>
      <fieldset className="w-full">
        <legend className="mb-1">Events</legend>
        <div className="flex flex-wrap gap-x-4 gap-y-1">
          {notifyEventTypes.map((type) => (
            <label
              key={type}
              className="inline-flex items-center gap-1"
              title={notifyEventDescriptions[type]}
            >
              <input type="checkbox" name="events" value={type} defaultChecked />
              <code className="text-xs">{type}</code>
            </label>
          ))}
        </div>
      </fieldset>
      <button type="submit" className={buttonClass.primary} disabled={pending}>
        Add webhook
      </button>
      {error ? (
        <p role="alert" className="w-full text-red-700">
          {error}
        </p>
      ) : null}
      {created ? (
        <div
          role="status"
          className="w-full rounded border border-amber-300 bg-amber-50 p-3"
          data-testid="webhook-secret"
        >
          <p className="font-medium">
            Added {created.name}. Its signing secret — copy it now: it will not be shown again.
          </p>
          <p className="mt-1 flex items-center gap-1">
            <code className="rounded bg-white px-1 py-0.5 break-all" data-testid="webhook-secret-value">
              {created.secret}
            </code>
            <CopyButton text={created.secret} label="the signing secret" />
          </p>
        </div>
      ) : null}
    </form>
  );
}
