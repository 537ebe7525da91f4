import { browser } from 'wxt/browser';
import { defineContentScript } from 'wxt/utils/define-content-script';
import { createBadge } from '@/components/content/badge';
import { createHydrator } from '@/components/content/hydrator';
import { createRoot } from '@/components/content/root';
import type { DisplayNumber } from '@/lib/messages/protocol';
import { createPageController, type ScanStats } from '@/lib/page/controller';
import { startLiveState, type LiveState, type SessionChanges } from '@/lib/page/live-state';
import { createBackgroundClient } from '@/lib/page/messaging';
import { extensionOrigin, pinFrameUrl } from '@/lib/page/pin-frame';
import { isWhatsAppManagerUrl, WHATSAPP_MANAGER_MATCHES } from '@/lib/page/routes';

/**
 * Health badges on WhatsApp Manager. Thin wiring: detection, reconciliation and live state live in
 * lib/page/ (pure, unit-tested); the in-page UI in components/content/ (plain DOM in shadow roots).
 * The page is untrusted: display data only, registration on a user's click, and no window-message bridge
 * except the PIN frame's outcome (accepted only from that frame's window and the extension's origin).
 */
export default defineContentScript({
  matches: WHATSAPP_MANAGER_MATCHES,
  runAt: 'document_idle',
  // WXT's legacy "script started" window.postMessage would announce the extension to page scripts.
  noScriptStartedPostMessage: true,
  async main(ctx) {
    const doc = document;
    const client = createBackgroundClient((message) => browser.runtime.sendMessage(message));
    const root = createRoot(doc);
    root.attach();
    let live: LiveState | null = null;
    const hydration = createHydrator(window);
    // The PIN is typed in this extension page (an iframe), never in Meta's page; see lib/page/pin-frame.ts.
    const extensionUrl = browser.runtime.getURL('/');
    const pinFrame = { url: (phoneId: string) => pinFrameUrl(extensionUrl, phoneId), origin: extensionOrigin(extensionUrl) };

    const controller = createPageController<DisplayNumber>({
      doc,
      createBadge: (number) =>
        createBadge(doc, number, {
          register: (phoneId) => client.completeRegistration(phoneId),
          pinFrame,
          afterRegister: () => void live?.refresh(),
          hydration,
        }),
      timers: {
        setTimeout: (fn, ms) => ctx.setTimeout(fn, ms),
        clearTimeout: (id) => clearTimeout(id as ReturnType<typeof setTimeout>),
        now: () => performance.now(),
      },
      isActiveUrl: isWhatsAppManagerUrl,
      onSummary: ({ attention }) => {
        root.attach();
        root.setAttention(attention);
      },
      onScan: recordScan,
    });

    ctx.onInvalidated(() => {
      live?.stop();
      controller.stop();
      hydration.disconnect();
      root.remove();
    });
    // SPA navigation (history.pushState / popstate): WXT uses the Navigation API, or polls where absent.
    ctx.addEventListener(window, 'wxt:locationchange', () => controller.navigated());
    ctx.addEventListener(window, 'popstate', () => controller.navigated());
    controller.start();

    const session = browser.storage.session as unknown as { get(key: string): Promise<Record<string, unknown>> } | undefined;
    live = await startLiveState({
      fetchState: () => client.getDisplayState(),
      onState: (state) => {
        if (ctx.isInvalid) return;
        root.setState('connected');
        controller.setNumbers(state.numbers);
      },
      onError: () => {
        if (!ctx.isInvalid) root.setState('disconnected');
      },
      session,
      subscribe: (listener) => {
        const l = (changes: SessionChanges, areaName: string) => listener(changes, areaName);
        browser.storage.onChanged.addListener(l);
        return () => browser.storage.onChanged.removeListener(l);
      },
      doc,
      setInterval: (fn, ms) => ctx.setInterval(fn, ms),
      clearInterval: (id) => clearInterval(id as ReturnType<typeof setInterval>),
    });
    if (ctx.isInvalid) live.stop();
    else root.host.setAttribute('data-live', live.mode); // 'session' (pushed) or 'poll' (fallback)
  },
});

/** Scan timings as performance entries (read by the benchmark: `performance.getEntriesByName(...)`). */
function recordScan(stats: ScanStats): void {
  try {
    performance.mark(`waba-health:scan:${stats.kind}`, { detail: stats });
  } catch {
    // Performance timeline unavailable: timings are optional.
  }
}
