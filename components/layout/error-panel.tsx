/** An error said plainly: what failed, the message, the server log's reference, and a retry. */
export function ErrorPanel(props: { title: string; message: string; digest?: string; reset: () => void }) {
  return (
    <>
      <h1 className="text-xl font-semibold text-red-700">{props.title}</h1>
      <p className="mt-3 whitespace-pre-wrap text-sm text-slate-700">{props.message}</p>
      {props.digest ? <p className="mt-2 text-xs text-slate-500">reference {props.digest}</p> : null}
      <button
        type="button"
        onClick={props.reset}
        className="mt-6 rounded border border-slate-300 px-3 py-1 text-sm"
      >
        Try again
      </button>
    </>
  );
}
