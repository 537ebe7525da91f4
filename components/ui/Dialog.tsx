import { useEffect, useId, useRef, type ReactNode, type RefObject } from 'react';
import { t } from '@/lib/i18n';

const FOCUSABLE =
  'a[href], button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

export interface DialogProps {
  title: string;
  onClose: () => void;
  children: ReactNode;
  /** Focused when the dialog opens (else the first focusable element). */
  initialFocus?: RefObject<HTMLElement | null>;
  description?: ReactNode;
  wide?: boolean;
}

/**
 * Modal dialog: labelled by its title, focus moves in and is trapped (Tab / Shift+Tab), Escape closes,
 * and focus returns to the element that opened it. Render the page behind it `inert`.
 */
export function Dialog({ title, onClose, children, initialFocus, description, wide }: DialogProps) {
  const titleId = useId();
  const descId = useId();
  const ref = useRef<HTMLDivElement>(null);
  const onCloseRef = useRef(onClose);
  onCloseRef.current = onClose;

  // Once per opening: focus moves in on mount and back to the opener on unmount (initialFocus is read then).
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs on mount and unmount only, by design
  useEffect(() => {
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    const target = initialFocus?.current ?? ref.current?.querySelector<HTMLElement>(FOCUSABLE) ?? ref.current;
    target?.focus();
    // Escape also works when focus strayed outside the dialog (e.g. a click on the backdrop).
    const onDocKey = (e: KeyboardEvent) => e.key === 'Escape' && onCloseRef.current();
    document.addEventListener('keydown', onDocKey);
    return () => {
      document.removeEventListener('keydown', onDocKey);
      // Passive cleanup runs after the page behind lost `inert`, so the opener can take focus back.
      if (opener?.isConnected) opener.focus();
    };
  }, []);

  const onKeyDown = (event: React.KeyboardEvent) => {
    if (event.key === 'Escape') {
      event.stopPropagation();
      onCloseRef.current();
      return;
    }
    if (event.key !== 'Tab' || !ref.current) return;
    const items = [...ref.current.querySelectorAll<HTMLElement>(FOCUSABLE)];
    if (!items.length) return;
    const first = items[0]!;
    const last = items[items.length - 1]!;
    if (event.shiftKey && document.activeElement === first) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && document.activeElement === last) {
      event.preventDefault();
      first.focus();
    }
  };

  return (
    // biome-ignore lint/a11y/noStaticElementInteractions: a click on the backdrop is a mouse shortcut; Escape and the Close button are the accessible ways out
    <div
      className="fixed inset-0 z-50 flex items-start justify-center overflow-y-auto bg-slate-950/60 p-3"
      onMouseDown={(e) => e.target === e.currentTarget && onClose()}
    >
      <div
        ref={ref}
        role="dialog"
        aria-modal="true"
        aria-labelledby={titleId}
        aria-describedby={description ? descId : undefined}
        tabIndex={-1}
        onKeyDown={onKeyDown}
        className={`w-full ${wide ? 'max-w-2xl' : 'max-w-sm'} rounded-lg border border-slate-300 bg-white p-4 text-slate-900 shadow-xl dark:border-slate-600 dark:bg-slate-900 dark:text-slate-100`}
      >
        <div className="mb-2 flex items-start justify-between gap-2">
          <h2 id={titleId} className="text-base font-semibold">
            {title}
          </h2>
          <button
            type="button"
            onClick={onClose}
            className="rounded px-1.5 text-lg leading-none text-slate-700 hover:bg-slate-100 focus-visible:outline-2 focus-visible:outline-sky-600 dark:text-slate-300 dark:hover:bg-slate-800"
            aria-label={t('uiClose')}
          >
            <span aria-hidden="true">×</span>
          </button>
        </div>
        {description ? (
          <div id={descId} className="mb-3 text-slate-700 dark:text-slate-300">
            {description}
          </div>
        ) : null}
        {children}
      </div>
    </div>
  );
}
