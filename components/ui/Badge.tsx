/** A labelled value ("Quality: High quality"): the label is read by screen readers and shown on hover. */
export function Badge({ label, value, warn = false }: { label: string; value: string; warn?: boolean }) {
  return (
    <li
      title={`${label}: ${value}`}
      className={`inline-flex items-center rounded border px-1.5 py-0.5 text-xs ${
        warn
          ? 'border-amber-600 bg-amber-50 text-amber-950 dark:border-amber-400 dark:bg-amber-950 dark:text-amber-100'
          : 'border-slate-300 bg-slate-50 text-slate-800 dark:border-slate-600 dark:bg-slate-800 dark:text-slate-200'
      }`}
    >
      <span className="sr-only">{label}: </span>
      {warn && (
        <span aria-hidden="true" className="mr-0.5 font-bold">
          !
        </span>
      )}
      <span>{value}</span>
    </li>
  );
}
