import { useLayoutEffect, useRef, type ReactNode } from 'react';
import { createPortal } from 'react-dom';
import { t } from '@/lib/i18n';
import { Button } from './Button';
import { Dialog } from './Dialog';

export interface ConfirmDialogProps {
  title: string;
  /** What happens, in words (the dialog's accessible description). */
  children: ReactNode;
  confirmLabel: string;
  onConfirm: () => void;
  onCancel: () => void;
  /** The confirmed action is under way: both buttons wait. */
  pending?: boolean;
  /** Shown under the text (e.g. the action failed). */
  footer?: ReactNode;
}

/**
 * Asks before a destructive action. Rendered at the end of <body>; everything else on the page is
 * `inert` while it is open (so Tab, clicks and screen readers stay in the dialog). Cancel has the first
 * focus: Enter or Escape right away never destroys anything.
 */
export function ConfirmDialog({ title, children, confirmLabel, onConfirm, onCancel, pending, footer }: ConfirmDialogProps) {
  const cancel = useRef<HTMLButtonElement>(null);
  const host = useRef<HTMLDivElement | null>(null);
  if (!host.current && typeof document !== 'undefined') host.current = document.createElement('div');

  // Layout effect: `inert` is lifted in the commit, before the Dialog's passive cleanup gives the opener focus back.
  useLayoutEffect(() => {
    const el = host.current!;
    document.body.appendChild(el);
    // Only elements not inert already (they stay as they were when the dialog closes).
    const siblings = [...document.body.children].filter((c) => c !== el && !c.hasAttribute('inert'));
    for (const s of siblings) s.setAttribute('inert', '');
    return () => {
      for (const s of siblings) s.removeAttribute('inert');
      el.remove();
    };
  }, []);

  return createPortal(
    <Dialog title={title} description={children} onClose={() => !pending && onCancel()} initialFocus={cancel}>
      {footer}
      <div className="mt-3 flex flex-wrap justify-end gap-2">
        <Button ref={cancel} variant="secondary" onClick={onCancel} disabled={pending}>
          {t('uiCancel')}
        </Button>
        <Button variant="danger" onClick={onConfirm} disabled={pending} aria-busy={pending || undefined}>
          {confirmLabel}
        </Button>
      </div>
    </Dialog>,
    host.current!,
  );
}
