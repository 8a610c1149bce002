import { buttonClass } from "@/components/ui/dialog";

const inputClass = "mt-1 w-full rounded border border-slate-300 px-2 py-1.5 text-sm";

/** Email and password; the primary button unless SSO is offered above it. */
export function PasswordForm(props: {
  busy: boolean;
  secondary: boolean;
  onSubmit: (form: FormData) => void;
}) {
  return (
    <form
      className="space-y-3"
      onSubmit={(event) => {
        event.preventDefault();
        props.onSubmit(new FormData(event.currentTarget));
      }}
    >
      <label className="block text-sm">
        Email
        <input name="email" type="email" autoComplete="username" required className={inputClass} />
      </label>
      <label className="block text-sm">
        Password
        <input
          name="password"
          type="password"
          autoComplete="current-password"
          required
          className={inputClass}
        />
      </label>
      <button
        type="submit"
        className={`${props.secondary ? buttonClass.secondary : buttonClass.primary} w-full`}
        disabled={props.busy}
      >
        {props.busy ? "Signing in…" : "Sign in"}
      </button>
    </form>
  );
}
