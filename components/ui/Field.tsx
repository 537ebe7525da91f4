import { type ChangeEvent, type ComponentPropsWithRef, type FormEvent, type ReactNode, useId, useState } from 'react';
import { Button, inputClass } from './Button';

export interface FieldProps extends Omit<ComponentPropsWithRef<'input'>, 'id'> {
  label: ReactNode;
  /** Shown under the input and read with it (aria-describedby). */
  help?: ReactNode;
  /** The help changes with what is typed (a filter's count): announce it politely. */
  helpLive?: boolean;
  /** What is wrong with the value, as an alert; marks the input invalid. */
  problem?: ReactNode;
  /** Classes of the wrapper (layout). */
  wrapperClassName?: string;
  labelClassName?: string;
}

/**
 * One labelled input: label, input, help and problem, with the ids wired (label for, aria-describedby,
 * aria-invalid). Every form of the pages uses it, so they read and behave the same.
 */
export function Field({
  label,
  help,
  helpLive,
  problem,
  wrapperClassName = '',
  labelClassName = 'font-medium',
  className = '',
  ...input
}: FieldProps) {
  const id = useId();
  const helpId = useId();
  const problemId = useId();
  const describedBy = [problem ? problemId : undefined, help ? helpId : undefined].filter(Boolean).join(' ') || undefined;
  return (
    <div className={`flex flex-col gap-1 ${wrapperClassName}`}>
      <label htmlFor={id} className={labelClassName}>
        {label}
      </label>
      <input
        id={id}
        aria-invalid={problem ? true : undefined}
        aria-describedby={describedBy}
        className={`${inputClass} ${className}`}
        {...input}
      />
      {help && (
        <p id={helpId} className="text-xs text-slate-700 dark:text-slate-300" aria-live={helpLive ? 'polite' : undefined}>
          {help}
        </p>
      )}
      {problem && (
        <p id={problemId} role="alert" className="text-red-800 dark:text-red-300">
          <span aria-hidden="true">✕ </span>
          {problem}
        </p>
      )}
    </div>
  );
}

/**
 * The state of a Field where a code is typed (a token, an id, a PIN): its value and its problem, which goes
 * away as soon as the person types again. `field` holds the Field's props for both, with neither autocomplete
 * nor a spelling check.
 */
export function useCodeField() {
  const [value, setValue] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const field = {
    value,
    problem,
    autoComplete: 'off',
    spellCheck: false,
    onChange: (e: ChangeEvent<HTMLInputElement>) => {
      setValue(e.target.value);
      if (problem) setProblem(null);
    },
  } satisfies Partial<FieldProps>;
  return { value, setValue, setProblem, field };
}

/** A Field for a 6-digit code Meta asks for (a PIN, a verification code): numeric keyboard, spaced digits. */
export function DigitsField({ className = '', ...props }: FieldProps) {
  return <Field type="text" inputMode="numeric" className={`font-mono tracking-[0.3em] ${className}`} {...props} />;
}

/** A form of one Field (`children`) with its submit button beside it. */
export function FieldForm({
  onSubmit,
  submitLabel,
  pending,
  className = '',
  children,
}: {
  onSubmit: (event: FormEvent) => void;
  submitLabel: ReactNode;
  /** While the submitted value is being handled: the button is disabled. */
  pending: boolean;
  /** Classes of the form (spacing). */
  className?: string;
  children: ReactNode;
}) {
  return (
    <form onSubmit={onSubmit} noValidate className={`${className} flex flex-wrap items-start gap-2`.trim()}>
      {children}
      <Button type="submit" variant="primary" disabled={pending} className="mt-6">
        {submitLabel}
      </Button>
    </form>
  );
}
