import { createContext, useContext, useMemo, useState, type ReactNode } from 'react';
import type { RegisterOutcome } from './RegisterResult';

/**
 * The popup's "Complete registration" (with its PIN dialog) for what is shown inside a dialog: the details'
 * Verify ownership goes on to the same registration as the number's row. It also remembers, while the popup
 * is open, the numbers verified here: the details close while the PIN dialog asks for a PIN, and show the
 * registration step again when they come back.
 */
export interface RegisterActions {
  onRegister: (phoneId: string) => void;
  results: Readonly<Record<string, RegisterOutcome>>;
  pending: Readonly<Record<string, boolean>>;
  verified: ReadonlySet<string>;
  markVerified: (phoneId: string) => void;
}

const Context = createContext<RegisterActions | null>(null);

/** The actions, or null outside the popup (then no registration is offered). */
export const useRegisterActions = () => useContext(Context);

export function RegisterActionsProvider({
  children,
  ...actions
}: Pick<RegisterActions, 'onRegister' | 'results' | 'pending'> & { children: ReactNode }) {
  const [verified, setVerified] = useState<ReadonlySet<string>>(() => new Set());
  const { onRegister, results, pending } = actions;
  const value = useMemo<RegisterActions>(
    () => ({ onRegister, results, pending, verified, markVerified: (id) => setVerified((s) => new Set(s).add(id)) }),
    [onRegister, results, pending, verified],
  );
  return <Context.Provider value={value}>{children}</Context.Provider>;
}
