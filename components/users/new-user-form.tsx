"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { buttonClass } from "@/components/ui/dialog";
import { createUserAction } from "@/lib/actions/users/create-user-action";
import { userRoles } from "@/lib/auth/roles";

const inputClass = "rounded border border-slate-300 px-2 py-1 text-sm";

/** Adds a person who signs in with a password; the admin hands the password over out of band. */
export function NewUserForm() {
  const router = useRouter();
  const [message, setMessage] = useState<{ ok: boolean; text: string }>();
  const [pending, startTransition] = useTransition();
  return (
    <form
      aria-label="Add a user"
      className="flex flex-wrap items-end gap-3 rounded-lg border border-slate-200 bg-white p-4 text-sm shadow-sm"
      onSubmit={(event) => {
        event.preventDefault();
        const form = event.currentTarget;
        const data = new FormData(form);
        startTransition(async () => {
          const result = await createUserAction({
            email: String(data.get("email") ?? ""),
            name: String(data.get("name") ?? "") || undefined,
            role: String(data.get("role") ?? "viewer"),
            password: String(data.get("password") ?? ""),
          });
          if (result.ok) {
            form.reset();
            setMessage({ ok: true, text: `Added ${result.data.email} as ${result.data.role}.` });
            router.refresh();
          } else {
            setMessage({ ok: false, text: result.error });
          }
        });
      }}
    >
      <h2 className="w-full font-medium">Add a user with a password</h2>
      <label className="flex flex-col">
        Email
        <input name="email" type="email" required className={inputClass} />
      </label>
      <label className="flex flex-col">
        Name
        <input name="name" className={inputClass} />
      </label>
      <label className="flex flex-col">
        Role
        <select name="role" defaultValue="viewer" className={inputClass}>
          {userRoles.map((r) => (
            <option key={r}>{r}</option>
          ))}
        </select>
      </label>
      <label className="flex flex-col">
        Password (12+ characters)
        <input
          name="password"
          type="password"
          autoComplete="new-password"
          minLength={12}
          required
          className={inputClass}
        />
      </label>
      <button type="submit" className={buttonClass.primary} disabled={pending}>
        Add user
      </button>
      {message ? (
        <p
          role={message.ok ? "status" : "alert"}
          className={`w-full ${message.ok ? "text-emerald-700" : "text-red-700"}`}
        >
          {message.text}
        </p>
      ) : null}
    </form>
  );
}
