import type { ReactNode } from 'react';

export function Section({ id, title, children, description }: { id: string; title: string; children: ReactNode; description?: ReactNode }) {
  return (
    <section aria-labelledby={`${id}-heading`} className="rounded-lg border border-slate-300 p-4 dark:border-slate-700">
      <h2 id={`${id}-heading`} className="mb-2 text-base font-semibold">
        {title}
      </h2>
      {description ? <div className="mb-3 text-slate-700 dark:text-slate-300">{description}</div> : null}
      {children}
    </section>
  );
}

export function Term({ label, children }: { label: string; children: ReactNode }) {
  return (
    <>
      <dt className="text-slate-700 dark:text-slate-300">{label}</dt>
      <dd className="break-words">{children}</dd>
    </>
  );
}
