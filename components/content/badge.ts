import { healthLabel, reasonText } from '@/lib/health/reason-text';
import { t } from '@/lib/i18n';
import type { DisplayNumber, RegisterReply } from '@/lib/messages/protocol';
import type { BadgeView } from '@/lib/page/reconciler';
import { acceptPinFrameMessage, PIN_FRAME_SIZE } from '@/lib/page/pin-frame';
import { describeFailure, describeReply, type RegistrationView } from '@/lib/page/registration';
import { errorText } from '@/lib/ui/reply-text';
import { BADGE_CSS } from './styles';

/**
 * One badge beside a number on WhatsApp Manager: plain DOM in an open shadow root (no React: the
 * content-script bundle stays small). Every text goes in with textContent; nothing from the page or from
 * Meta is ever parsed as HTML. Registration runs only on a trusted (user) click: a page script can reach
 * this open shadow root and call `.click()`, but such events have `isTrusted === false`.
 * A PIN is never typed here (page scripts can read an open shadow root and see every key event on the
 * page's window): when Meta needs one, the badge shows the extension's PIN frame instead.
 */
export interface BadgeDeps {
  /** Asks the background to register the number (never with a PIN: that is typed in the PIN frame). */
  register(phoneId: string): Promise<RegisterReply>;
  /**
   * The PIN prompt frame (entrypoints/pin-prompt/): its URL for a number, and the extension's origin
   * (`browser.runtime.getURL('/')` without the trailing slash) its messages must come from.
   */
  pinFrame: { url(phoneId: string): string; origin: string };
  /** Called after a registration attempt answered (refresh the display state). */
  afterRegister?(): void;
  /** Whether an event comes from the person (defaults to `event.isTrusted`). */
  isTrusted?(event: Event): boolean;
  formatTime?(ms: number): string;
  /**
   * Defers building the badge's inside (shadow root content) until it is near the viewport. The host
   * with its data attributes is always created at once. Default: build immediately.
   */
  hydration?: Hydration;
}

export interface Hydration {
  add(host: Element, hydrate: () => void): void;
  remove(host: Element): void;
}

/** One constructed stylesheet per document, shared by every badge's shadow root (parsed once). */
const sheets = new WeakMap<Document, CSSStyleSheet | null>();
function sharedSheet(doc: Document): CSSStyleSheet | null {
  if (!sheets.has(doc)) {
    let sheet: CSSStyleSheet | null = null;
    try {
      const Sheet = doc.defaultView?.CSSStyleSheet;
      if (Sheet && 'replaceSync' in Sheet.prototype) {
        sheet = new Sheet();
        sheet.replaceSync(BADGE_CSS);
      }
    } catch {
      sheet = null;
    }
    sheets.set(doc, sheet);
  }
  return sheets.get(doc) ?? null;
}

function applyStyles(doc: Document, shadow: ShadowRoot): void {
  const sheet = sharedSheet(doc);
  if (sheet && 'adoptedStyleSheets' in shadow) {
    try {
      shadow.adoptedStyleSheets = [sheet];
      return;
    } catch {
      // Some content-script sandboxes refuse a sheet from another compartment: fall back to <style>.
    }
  }
  const style = doc.createElement('style');
  style.textContent = BADGE_CSS;
  shadow.prepend(style);
}

export const BADGE_TAG = 'waba-health-badge';

/** Events that must not reach the page's own handlers (row clicks, shortcuts, key logging by bubbling). */
const CONTAINED_EVENTS = [
  'click',
  'dblclick',
  'auxclick',
  'mousedown',
  'mouseup',
  'pointerdown',
  'pointerup',
  'keydown',
  'keyup',
  'keypress',
  'input',
  'beforeinput',
  'paste',
  'focusin',
  'focusout',
];

let uid = 0;

function el<K extends keyof HTMLElementTagNameMap>(doc: Document, tag: K, className?: string, text?: string): HTMLElementTagNameMap[K] {
  const node = doc.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

const defaultFormatTime = (ms: number) => {
  try {
    return new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' }).format(ms);
  } catch {
    return new Date(ms).toISOString();
  }
};

export function createBadge(doc: Document, initial: DisplayNumber, deps: BadgeDeps): BadgeView<DisplayNumber> {
  const trusted = deps.isTrusted ?? ((e: Event) => e.isTrusted);
  const formatTime = deps.formatTime ?? defaultFormatTime;
  let number = initial;
  let view: RegistrationView = { phase: 'idle', message: '', tone: 'info' };
  const id = `whb${++uid}`;

  const host = doc.createElement(BADGE_TAG);
  host.setAttribute('data-phone-number-id', number.id);
  host.setAttribute('data-health', number.health);
  let hydrated = false;

  // Built on hydration (see BadgeDeps.hydration); declared here so every closure below shares them.
  let shadow!: ShadowRoot;
  let wrap!: HTMLSpanElement;
  let pill!: HTMLButtonElement;
  let label!: HTMLSpanElement;
  let msg!: HTMLSpanElement;
  let err!: HTMLSpanElement;
  let act: HTMLButtonElement | null = null;
  let frame: HTMLIFrameElement | null = null;
  let pop: HTMLDivElement | null = null;

  const build = () => {
    shadow = host.attachShadow({ mode: 'open' });
    for (const type of CONTAINED_EVENTS) shadow.addEventListener(type, (e) => e.stopPropagation());
    applyStyles(doc, shadow);
    wrap = el(doc, 'span', 'wrap');
    pill = el(doc, 'button', 'pill');
    pill.type = 'button';
    pill.setAttribute('aria-haspopup', 'dialog');
    pill.setAttribute('aria-expanded', 'false');
    const dot = el(doc, 'span', 'dot');
    dot.setAttribute('aria-hidden', 'true');
    label = el(doc, 'span', 'label');
    pill.append(dot, label);
    msg = el(doc, 'span', 'msg');
    msg.setAttribute('role', 'status');
    err = el(doc, 'span', 'err');
    err.setAttribute('role', 'alert');
    wrap.append(pill, msg, err);
    shadow.append(wrap);
    pill.addEventListener('click', () => (isOpen() ? closePopover() : openPopover()));
  };

  // --- registration ---------------------------------------------------------------------------------
  const run = async () => {
    if (view.phase === 'busy') return;
    setView({ phase: 'busy', message: t('contentRegistering'), tone: 'info' });
    try {
      setView(describeReply(await deps.register(number.id)));
    } catch (error) {
      setView(describeFailure(error));
    }
    deps.afterRegister?.();
  };

  const ensureAct = () => {
    if (act) return act;
    act = el(doc, 'button', 'act', t('contentCompleteRegistration'));
    act.type = 'button';
    act.addEventListener('click', (e) => {
      if (!trusted(e)) return;
      void run();
    });
    wrap.insertBefore(act, msg);
    return act;
  };

  // The PIN is typed in the extension's own frame (see lib/page/pin-frame.ts), never in this shadow
  // root: the frame registers the number itself and posts back only the outcome.
  const onFrameMessage = (event: MessageEvent) => {
    const result = acceptPinFrameMessage(event, frame, deps.pinFrame.origin, number.id);
    if (!result) return;
    const hadFocus = shadow.activeElement === frame;
    setView('reply' in result ? describeReply(result.reply) : { phase: 'error', tone: 'error', message: errorText(result.error) });
    // The frame (and the focus in it) is gone: keep the keyboard user on this badge.
    if (hadFocus && !frame) pill.focus({ preventScroll: true });
    deps.afterRegister?.();
  };

  const ensureFrame = () => {
    if (frame) return frame;
    frame = el(doc, 'iframe', 'frame');
    frame.title = t('contentPinFrameTitle');
    frame.width = String(PIN_FRAME_SIZE.width);
    frame.height = String(PIN_FRAME_SIZE.height);
    frame.referrerPolicy = 'no-referrer';
    frame.addEventListener('load', () => frame?.focus(), { once: true });
    frame.src = deps.pinFrame.url(number.id);
    doc.defaultView?.addEventListener('message', onFrameMessage);
    wrap.insertBefore(frame, msg);
    return frame;
  };

  const removeFrame = () => {
    if (!frame) return;
    doc.defaultView?.removeEventListener('message', onFrameMessage);
    frame.remove();
    frame = null;
  };

  const renderControls = () => {
    const canRegister = number.decision === 'register';
    if (view.phase === 'pin' && canRegister) {
      act?.remove();
      act = null;
      ensureFrame();
    } else if (view.phase === 'busy') {
      if (act) act.disabled = true;
    } else {
      removeFrame();
      if (canRegister && view.phase !== 'done') ensureAct().disabled = false;
      else {
        act?.remove();
        act = null;
      }
    }
  };

  const setView = (next: RegistrationView) => {
    view = next;
    msg.className = next.tone === 'success' ? 'msg success' : 'msg';
    // While the PIN frame is shown, it says what to do itself.
    msg.textContent = next.tone === 'error' || (next.phase === 'pin' && next.tone === 'info') ? '' : next.message;
    err.textContent = next.tone === 'error' ? next.message : '';
    renderControls();
  };

  // --- details popover ------------------------------------------------------------------------------
  const supportsPopover = typeof (doc.createElement('div') as HTMLElement & { showPopover?: unknown }).showPopover === 'function';
  const isOpen = () => !!pop && (supportsPopover ? pop.matches(':popover-open') : !pop.hidden);

  const fillPopover = () => {
    if (!pop) return;
    const title = number.verifiedName || number.displayPhoneNumber || number.id;
    pop.setAttribute('aria-label', t('contentDetailsFor', [title]));
    const close = el(doc, 'button', 'close', '\u00d7');
    close.type = 'button';
    close.setAttribute('aria-label', t('contentClose'));
    close.addEventListener('click', () => closePopover());
    const h = el(doc, 'h2', undefined, title);
    const parts: Node[] = [close, h];
    if (number.verifiedName && number.displayPhoneNumber) parts.push(el(doc, 'p', 'num', number.displayPhoneNumber));
    parts.push(el(doc, 'p', undefined, healthLabel(number.health)));
    const reasons = number.reasons.map((r) => reasonText(r as Parameters<typeof reasonText>[0])).filter(Boolean);
    if (reasons.length) {
      const ul = el(doc, 'ul');
      for (const r of reasons) ul.append(el(doc, 'li', undefined, r));
      parts.push(ul);
    } else if (number.health === 'healthy') parts.push(el(doc, 'p', undefined, t('contentNoReasons')));
    if (number.decision === 'fix_display_name') parts.push(el(doc, 'p', undefined, t('contentFixDisplayName')));
    if (number.decision === 'verify_ownership') parts.push(el(doc, 'p', undefined, t('contentVerifyOwnership')));
    parts.push(
      el(doc, 'p', 'muted', number.lastReadAt ? t('contentLastCheck', [formatTime(number.lastReadAt)]) : t('contentNeverChecked')),
    );
    if (number.stale) parts.push(el(doc, 'p', 'muted', t('contentStale')));
    if (number.managerUrl) {
      const a = el(doc, 'a', undefined, t('contentDetails'));
      a.href = number.managerUrl; // validated: https://business.facebook.com only (lib/page/guards.ts)
      a.target = '_blank';
      a.rel = 'noopener noreferrer';
      const p = el(doc, 'p');
      p.append(a);
      parts.push(p);
    }
    pop.replaceChildren(...parts);
  };

  const place = () => {
    if (!pop) return;
    const r = pill.getBoundingClientRect();
    const vw = doc.documentElement.clientWidth || 1024;
    const vh = doc.documentElement.clientHeight || 768;
    const left = Math.max(8, Math.min(r.left, vw - 328));
    const below = r.bottom + 6;
    pop.style.left = `${left}px`;
    if (below + 220 > vh && r.top > 240) {
      pop.style.top = 'auto';
      pop.style.bottom = `${Math.max(8, vh - r.top + 6)}px`;
    } else {
      pop.style.bottom = 'auto';
      pop.style.top = `${below}px`;
    }
  };

  const ensurePopover = () => {
    if (pop) return pop;
    pop = el(doc, 'div', 'pop');
    pop.id = `${id}-pop`;
    pop.setAttribute('role', 'dialog');
    pill.setAttribute('aria-controls', pop.id);
    if (supportsPopover) {
      pop.setAttribute('popover', 'auto');
      pop.addEventListener('toggle', () => pill.setAttribute('aria-expanded', String(isOpen())));
    } else {
      pop.hidden = true;
      pop.addEventListener('keydown', (e) => {
        if ((e as KeyboardEvent).key === 'Escape') closePopover();
      });
    }
    shadow.append(pop);
    return pop;
  };

  const openPopover = () => {
    const p = ensurePopover();
    fillPopover();
    if (supportsPopover) (p as HTMLElement & { showPopover(): void }).showPopover();
    else p.hidden = false;
    place();
    pill.setAttribute('aria-expanded', 'true');
  };

  const closePopover = (refocus = true) => {
    if (!pop || !isOpen()) return;
    if (supportsPopover) (pop as HTMLElement & { hidePopover(): void }).hidePopover();
    else pop.hidden = true;
    pill.setAttribute('aria-expanded', 'false');
    if (refocus) pill.focus();
  };

  // --- state ----------------------------------------------------------------------------------------
  const render = () => {
    host.setAttribute('data-health', number.health);
    if (!hydrated) return;
    const text = healthLabel(number.health);
    label.textContent = text;
    pill.setAttribute('aria-label', t('contentBadgeLabel', [text]));
    wrap.classList.toggle('stale', number.stale);
    // A finished registration's message stays until the number's state moves on.
    if (view.phase === 'done' && number.decision !== 'register') view = { phase: 'idle', message: msg.textContent ?? '', tone: 'success' };
    renderControls();
    if (isOpen()) fillPopover();
  };

  const hydrate = () => {
    if (hydrated) return;
    hydrated = true;
    build();
    render();
  };
  if (deps.hydration) deps.hydration.add(host, hydrate);
  else hydrate();

  return {
    host,
    update(next) {
      // Every sweep republishes the whole state: leave unchanged badges alone (no DOM writes).
      if (JSON.stringify(next) === JSON.stringify(number)) return;
      number = next;
      render();
    },
    destroy() {
      deps.hydration?.remove(host);
      if (hydrated) {
        closePopover(false);
        removeFrame();
      }
    },
  };
}
