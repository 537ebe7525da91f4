import type { ComponentPropsWithRef } from 'react';

type Variant = 'primary' | 'secondary' | 'danger' | 'link';

const BASE =
  'inline-flex items-center justify-center gap-1 rounded-md font-medium focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-sky-600 disabled:cursor-not-allowed disabled:opacity-60';

const VARIANTS: Record<Variant, string> = {
  primary: 'bg-emerald-700 text-white hover:bg-emerald-800 dark:bg-emerald-600 dark:text-slate-950 dark:hover:bg-emerald-500',
  secondary:
    'border border-slate-400 bg-white text-slate-900 hover:bg-slate-100 dark:border-slate-500 dark:bg-slate-800 dark:text-slate-100 dark:hover:bg-slate-700',
  danger:
    'border border-red-700 bg-white text-red-800 hover:bg-red-50 dark:border-red-400 dark:bg-slate-800 dark:text-red-300 dark:hover:bg-slate-700',
  link: 'text-sky-800 underline underline-offset-2 hover:text-sky-950 dark:text-sky-300 dark:hover:text-sky-100',
};

/** Padding (and text size) by size; a link keeps its own small padding. */
const SIZES = { md: 'px-3 py-1.5', sm: 'shrink-0 px-2 py-px text-xs leading-4', link: 'px-1 py-0.5' } as const;

// React 19: `ref` is an ordinary prop, passed on to the <button> with the rest.
export function Button({
  variant = 'secondary',
  size = 'md',
  className = '',
  type = 'button',
  ...props
}: ComponentPropsWithRef<'button'> & { variant?: Variant; size?: 'md' | 'sm' }) {
  return (
    <button type={type} className={`${BASE} ${VARIANTS[variant]} ${SIZES[variant === 'link' ? 'link' : size]} ${className}`} {...props} />
  );
}

export const inputClass =
  'rounded-md border border-slate-500 bg-white px-2 py-1.5 text-slate-900 placeholder:text-slate-500 focus-visible:outline-2 focus-visible:outline-offset-1 focus-visible:outline-sky-600 aria-[invalid=true]:border-red-700 dark:border-slate-400 dark:bg-slate-800 dark:text-slate-100 dark:placeholder:text-slate-400 dark:aria-[invalid=true]:border-red-400';
