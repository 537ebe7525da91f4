// @vitest-environment jsdom
import { t } from '@/lib/i18n';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createBadge, type BadgeDeps } from '@/components/content/badge';
import { createRoot } from '@/components/content/root';
import { BADGE_CSS, ROOT_CSS } from '@/components/content/styles';
import type { DisplayNumber, RegisterReply } from '@/lib/messages/protocol';
import { InfoError } from '@/lib/info-error';
import { PIN_FRAME_MESSAGE, pinFrameUrl } from '@/lib/page/pin-frame';

const stuck: DisplayNumber = {
  id: '1001',
  wabaId: '2001',
  displayPhoneNumber: '+1 555-010-0001',
  verifiedName: 'Acme Support',
  health: 'stuck',
  reasons: [
    { code: 'platform_not_applicable', value: 'NOT_APPLICABLE' },
    { code: 'name_status', value: 'PENDING_REVIEW' },
  ],
  decision: 'register',
  lastReadAt: Date.UTC(2026, 6, 1, 12, 0),
  stale: false,
  managerUrl: 'https://business.facebook.com/latest/whatsapp_manager/phone_numbers/?business_id=3001&asset_id=2001',
};

const flush = () => new Promise((r) => setTimeout(r, 0));
const EXT = 'chrome-extension://ext-id';
const pinFrame = { url: (id: string) => pinFrameUrl(`${EXT}/`, id), origin: EXT };

function mount(number: DisplayNumber, deps: Partial<BadgeDeps> = {}) {
  const register = vi.fn<BadgeDeps['register']>();
  const afterRegister = vi.fn();
  const view = createBadge(document, number, { register, afterRegister, isTrusted: () => true, pinFrame, ...deps });
  document.body.append(view.host);
  const shadow = view.host.shadowRoot!;
  const button = (name: string) =>
    [...shadow.querySelectorAll('button')].find((b) => b.textContent === name || b.getAttribute('aria-label') === name);
  return { view, shadow, register, afterRegister, button };
}

/** A badge whose registration answered "PIN needed": the PIN frame is shown. */
async function withFrame() {
  const mounted = mount(stuck);
  mounted.register.mockResolvedValueOnce({ status: 'pin_needed' });
  mounted.button('Complete registration')!.click();
  await flush();
  const frame = mounted.shadow.querySelector('iframe')!;
  // jsdom gives iframes in a shadow root no window: lend it one, as a browser would.
  const stand = document.createElement('iframe');
  document.body.append(stand);
  Object.defineProperty(frame, 'contentWindow', { value: stand.contentWindow });
  return mounted;
}

/** A `message` event on the page's window, as the browser dispatches a frame's postMessage. */
function post(data: unknown, source: Window | null, origin = EXT) {
  window.dispatchEvent(new MessageEvent('message', { data, origin, source }));
}

beforeEach(() => {
  document.body.innerHTML = '';
});

describe('badge', () => {
  it('carries the promised attributes on its host, in an open shadow root, with a readable label', () => {
    const { view, shadow } = mount(stuck);
    expect(view.host.localName).toBe('waba-health-badge');
    expect(view.host.getAttribute('data-phone-number-id')).toBe('1001');
    expect(view.host.getAttribute('data-health')).toBe('stuck');
    expect(view.host.shadowRoot).toBe(shadow); // open mode
    expect(view.host.childNodes).toHaveLength(0); // no light-DOM text: the page's text is unchanged
    const pill = shadow.querySelector('.pill')!;
    expect(pill.textContent).toBe('Stuck');
    expect(pill.getAttribute('aria-label')).toBe('WABA Health: Stuck');
  });

  it('sizes in px only: nothing follows the page’s rem', () => {
    for (const css of [BADGE_CSS, ROOT_CSS]) {
      expect(css).not.toMatch(/\d(\.\d+)?r?em\b/);
      expect(css).toMatch(/font:400 12px/);
    }
  });

  it('builds its inside only when hydrated, with the attributes on the host from the start', () => {
    let hydrate: (() => void) | undefined;
    const hydration = { add: (_h: Element, fn: () => void) => (hydrate = fn), remove: vi.fn() };
    const view = createBadge(document, stuck, { register: vi.fn(), hydration, pinFrame });
    expect(view.host.getAttribute('data-phone-number-id')).toBe('1001');
    expect(view.host.shadowRoot).toBeNull();
    view.update({ ...stuck, health: 'blocked' });
    expect(view.host.getAttribute('data-health')).toBe('blocked');
    hydrate!();
    expect(view.host.shadowRoot!.querySelector('.pill')!.textContent).toBe('Blocked');
    view.destroy();
    expect(hydration.remove).toHaveBeenCalledWith(view.host);
  });

  it('shows "Complete registration" only when the decision is register', () => {
    expect(mount(stuck).button('Complete registration')).toBeDefined();
    document.body.innerHTML = '';
    expect(mount({ ...stuck, health: 'healthy', decision: 'none' }).button('Complete registration')).toBeUndefined();
  });

  it('ignores clicks that do not come from the person (page scripts calling .click())', async () => {
    const { button, register } = mount(stuck, { isTrusted: undefined }); // default: event.isTrusted
    button('Complete registration')!.click(); // a synthetic click: isTrusted === false
    await flush();
    expect(register).not.toHaveBeenCalled();
  });

  it('registers on click and shows the result inline', async () => {
    const { button, register, afterRegister, shadow } = mount(stuck);
    let answer!: (r: RegisterReply) => void;
    register.mockReturnValue(new Promise((r) => (answer = r)));
    button('Complete registration')!.click();
    expect(register).toHaveBeenCalledWith('1001');
    expect(button('Complete registration')!.disabled).toBe(true);
    expect(shadow.querySelector('[role=status]')!.textContent).toBe('Registering…');
    answer({ status: 'registered' });
    await flush();
    expect(shadow.querySelector('[role=status]')!.textContent).toMatch(/^Registered\./);
    expect(button('Complete registration')).toBeUndefined();
    expect(afterRegister).toHaveBeenCalledTimes(1);
  });

  it('asks for the PIN in the extension’s frame, never in the page: no input in the shadow root', async () => {
    const { button, register, shadow, view } = mount(stuck);
    register.mockResolvedValueOnce({ status: 'pin_needed' });
    button('Complete registration')!.click();
    await flush();
    expect(register).toHaveBeenCalledWith('1001');
    const frame = shadow.querySelector('iframe')!;
    expect(frame.src).toBe(`${EXT}/pin-prompt.html?phoneId=1001`);
    expect(frame.title).toBe('WABA Health: enter the two-step verification PIN');
    expect([frame.width, frame.height]).toEqual(['300', '96']);
    expect(shadow.querySelector('input, form, textarea')).toBeNull();
    expect(button('Complete registration')).toBeUndefined();
    // Updates while the frame is open do not reload it.
    view.update({ ...stuck, lastReadAt: stuck.lastReadAt! + 1 });
    expect(shadow.querySelector('iframe')).toBe(frame);
  });

  it('shows the frame’s outcome: registered', async () => {
    const { button, register, afterRegister, shadow } = await withFrame();
    const frame = shadow.querySelector('iframe')!;
    post({ type: PIN_FRAME_MESSAGE, phoneId: '1001', reply: { status: 'registered' } }, frame.contentWindow);
    expect(shadow.querySelector('iframe')).toBeNull();
    expect(shadow.querySelector('[role=status]')!.textContent).toMatch(/^Registered\./);
    expect(button('Complete registration')).toBeUndefined();
    expect(afterRegister).toHaveBeenCalledTimes(2);
    expect(register).toHaveBeenCalledTimes(1); // the frame registered, not the content script
  });

  it('shows the frame’s outcome: failed with Meta’s code, refused, no answer; then offers to try again', async () => {
    const cases: Array<[Record<string, unknown>, string]> = [
      [
        { reply: { status: 'failed', error: { metaMessage: 'Cannot Create Certificate', code: 100 } } },
        'Cannot Create Certificate (Meta error 100)',
      ],
      [{ reply: { status: 'refused', reason: 'budget' } }, t('uiRefusedBudget')],
      [{ error: { problem: 'contentNoReply', kind: 'no_reply' } }, t('contentNoReply')],
    ];
    for (const [data, text] of cases) {
      document.body.innerHTML = '';
      const { button, shadow } = await withFrame();
      post({ type: PIN_FRAME_MESSAGE, phoneId: '1001', ...data }, shadow.querySelector('iframe')!.contentWindow);
      expect(shadow.querySelector('iframe')).toBeNull();
      expect(shadow.querySelector('[role=alert]')!.textContent).toBe(text);
      expect(button('Complete registration')!.disabled).toBe(false);
    }
  });

  it('ignores messages from the page itself, another origin, another frame, another number, or of another shape', async () => {
    const { shadow, afterRegister } = await withFrame();
    const frame = shadow.querySelector('iframe')!;
    const ok = { type: PIN_FRAME_MESSAGE, phoneId: '1001', reply: { status: 'registered' } };
    const other = document.createElement('iframe');
    document.body.append(other);
    post(ok, window); // the page posting to itself
    post(ok, null); // no source
    post(ok, frame.contentWindow, 'https://business.facebook.com'); // right window, page's origin (iframe navigated by the page)
    post(ok, frame.contentWindow, 'chrome-extension://other-id');
    post(ok, other.contentWindow); // another frame, even claiming the extension's origin
    post({ ...ok, phoneId: '1002' }, frame.contentWindow);
    post({ ...ok, pin: '123456' }, frame.contentWindow); // unknown fields: refused
    post({ ...ok, type: 'other' }, frame.contentWindow);
    post({ type: PIN_FRAME_MESSAGE, phoneId: '1001', reply: { status: 'nope' } }, frame.contentWindow);
    post('registered', frame.contentWindow);
    expect(shadow.querySelector('iframe')).toBe(frame);
    expect(shadow.querySelector('[role=status]')!.textContent).toBe('');
    expect(afterRegister).toHaveBeenCalledTimes(1);
    // The real one still works.
    post(ok, frame.contentWindow);
    expect(shadow.querySelector('[role=status]')!.textContent).toMatch(/^Registered\./);
  });

  it('stops listening once the frame is gone', async () => {
    const { shadow, view, afterRegister } = await withFrame();
    const frameWindow = shadow.querySelector('iframe')!.contentWindow;
    view.update({ ...stuck, health: 'healthy', decision: 'none' }); // registered elsewhere
    expect(shadow.querySelector('iframe')).toBeNull();
    post({ type: PIN_FRAME_MESSAGE, phoneId: '1001', reply: { status: 'registered' } }, frameWindow);
    expect(afterRegister).toHaveBeenCalledTimes(1);
  });

  it('shows Meta’s code when the message lacks it, and refusals and transport failures in words', async () => {
    const { button, register, shadow } = mount(stuck);
    register.mockResolvedValueOnce({ status: 'failed', error: { metaMessage: 'Cannot Create Certificate', code: 100 } });
    button('Complete registration')!.click();
    await flush();
    expect(shadow.querySelector('[role=alert]')!.textContent).toBe('Cannot Create Certificate (Meta error 100)');
    expect(button('Complete registration')!.disabled).toBe(false); // can retry

    register.mockResolvedValueOnce({ status: 'refused', reason: 'budget' });
    button('Complete registration')!.click();
    await flush();
    expect(shadow.querySelector('[role=alert]')!.textContent).toBe(t('uiRefusedBudget'));

    register.mockRejectedValueOnce(new InfoError({ problem: 'errNotAllowed', kind: 'forbidden' }));
    button('Complete registration')!.click();
    await flush();
    expect(shadow.querySelector('[role=alert]')!.textContent).toBe(t('errNotAllowed'));
  });

  it('opens a details popover with reasons, last check and a link, as text only', () => {
    const hostile = { ...stuck, verifiedName: '<img src=x onerror="alert(1)">', reasons: [{ code: 'health_info', detail: '<b>bold</b>' }] };
    const { button, shadow } = mount(hostile);
    button('WABA Health: Stuck')!.click();
    const pop = shadow.querySelector('[role=dialog]') as HTMLElement;
    expect(pop.hidden).toBe(false);
    expect(button('WABA Health: Stuck')!.getAttribute('aria-expanded')).toBe('true');
    expect(pop.querySelector('h2')!.textContent).toBe('<img src=x onerror="alert(1)">');
    expect(pop.querySelector('img, b')).toBeNull();
    expect(pop.querySelector('li')!.textContent).toBe('<b>bold</b>');
    expect(pop.textContent).toContain('Last check:');
    const link = pop.querySelector('a')!;
    expect(link.href).toBe(stuck.managerUrl);
    expect(link.rel).toBe('noopener noreferrer');
    button('Close')!.click();
    expect(pop.hidden).toBe(true);
  });

  it('lists the reasons in words', () => {
    const { button, shadow } = mount(stuck);
    button('WABA Health: Stuck')!.click();
    const items = [...shadow.querySelectorAll('li')].map((li) => li.textContent);
    expect(items).toHaveLength(2);
    expect(items[1]).toMatch(/review/i);
  });

  it('says where to verify ownership when Meta will not register the number before it, and offers no registration', () => {
    const { button, shadow } = mount({ ...stuck, decision: 'verify_ownership' });
    expect(button('Complete registration')).toBeUndefined();
    button('WABA Health: Stuck')!.click();
    expect(shadow.querySelector('[role=dialog]')!.textContent).toContain(
      'Meta will not register this number until its ownership is verified',
    );
    const plain = mount(stuck);
    plain.button('WABA Health: Stuck')!.click();
    expect(plain.shadow.querySelector('[role=dialog]')!.textContent).not.toContain('ownership');
  });

  it('updates in place when the background’s state changes', () => {
    const { view, shadow, button } = mount(stuck);
    view.update({ ...stuck, health: 'healthy', decision: 'none', reasons: [] });
    expect(view.host.getAttribute('data-health')).toBe('healthy');
    expect(shadow.querySelector('.pill')!.textContent).toBe('Healthy');
    expect(button('Complete registration')).toBeUndefined();
  });

  it('keeps its clicks and keys from reaching the page’s handlers', () => {
    const { button } = mount({ ...stuck, decision: 'none' });
    const seen: string[] = [];
    for (const type of ['click', 'keydown', 'mousedown']) document.addEventListener(type, () => seen.push(type));
    button('WABA Health: Stuck')!.dispatchEvent(new MouseEvent('mousedown', { bubbles: true, composed: true }));
    button('WABA Health: Stuck')!.dispatchEvent(new KeyboardEvent('keydown', { bubbles: true, composed: true, key: 'a' }));
    button('WABA Health: Stuck')!.click();
    expect(seen).toEqual([]);
  });
});

describe('page root and banner', () => {
  it('keeps the connection state on the host and shows the attention banner with a count', () => {
    const root = createRoot(document);
    root.attach();
    expect(document.querySelector('waba-health-root')!.getAttribute('data-state')).toBe('starting');
    root.setState('connected');
    expect(root.host.getAttribute('data-state')).toBe('connected');
    const banner = root.host.shadowRoot!.querySelector('.banner') as HTMLElement;
    root.setAttention(0);
    expect(banner.hidden).toBe(true);
    root.setAttention(3);
    expect(banner.hidden).toBe(false);
    expect(banner.textContent).toContain('3 numbers need attention');
    root.setAttention(1);
    expect(banner.textContent).toContain('1 number needs attention');
    (root.host.shadowRoot!.querySelector('button') as HTMLButtonElement).click();
    expect(banner.hidden).toBe(true);
    root.setAttention(1);
    expect(banner.hidden).toBe(true);
    root.setAttention(2); // more numbers need attention: shown again
    expect(banner.hidden).toBe(false);
  });

  it('re-attaches when the page replaced the body’s children', () => {
    const root = createRoot(document);
    root.attach();
    document.body.replaceChildren();
    root.attach();
    expect(document.querySelectorAll('waba-health-root')).toHaveLength(1);
  });
});
