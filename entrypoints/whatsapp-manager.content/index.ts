import { browser } from 'wxt/browser';
import { defineContentScript } from 'wxt/utils/define-content-script';
import { createBadge } from '@/components/content/badge';
import { createHydrator } from '@/components/content/hydrator';
import { createRoot } from '@/components/content/root';
import { DISPLAY_PORT_NAME } from '@/lib/display-state';
import type { DisplayNumber } from '@/lib/messages/protocol';
import { createPageController, type ScanStats } from '@/lib/page/controller';
import { type LiveState, type SessionArea, type SessionChanges, startLiveState } from '@/lib/page/live-state';
import { createBackgroundClient } from '@/lib/page/messaging';
import { extensionOrigin, pinFrameUrl } from '@/lib/page/pin-frame';
import { createRouteGate } from '@/lib/page/route-gate';
import { CONTENT_SCRIPT_MATCHES, isWhatsAppManagerUrl, pageWabaId } from '@/lib/page/routes';

/**
 * Health badges on WhatsApp Manager. Thin wiring: detection, reconciliation and live state live in
 * lib/page/ (pure, unit-tested); the in-page UI in components/content/ (plain DOM in shadow roots).
 * The page is untrusted: display data only, registration on a user's click, and no window-message bridge
 * except the PIN frame's outcome (accepted only from that frame's window and the extension's origin).
 * It runs on every Business Suite page but stays dormant outside WhatsApp Manager's routes
 * (lib/page/route-gate.ts): no scan, no observer, no message until the app navigates there.
 */
export default defineContentScript({
  matches: CONTENT_SCRIPT_MATCHES,
  runAt: 'document_idle',
  // WXT's legacy "script started" window.postMessage would announce the extension to page scripts.
  noScriptStartedPostMessage: true,
  main(ctx) {
    const startedAt = performance.now();
    // The URL the page shows (or is navigating to: the Navigation API announces a navigation before it commits).
    let pageHref = location.href;
    const doc = document;
    let live: LiveState | null = null;

    /** Built on the first wake only: a page that never enters WhatsApp Manager pays for none of it. */
    const build = () => {
      const client = createBackgroundClient((message) => browser.runtime.sendMessage(message));
      const root = createRoot(doc);
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
      const session = browser.storage.session as unknown as SessionArea | undefined;
      const startLive = () =>
        startLiveState({
          fetchState: (wabaId) => client.getDisplayState(wabaId),
          scope: () => pageWabaId(pageHref),
          onState: (state) => {
            if (ctx.isInvalid || !gate.awake) return;
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
          connect: () => browser.runtime.connect({ name: DISPLAY_PORT_NAME }),
          doc,
          setInterval: (fn, ms) => ctx.setInterval(fn, ms),
          clearInterval: (id) => clearInterval(id as ReturnType<typeof setInterval>),
        });
      return { root, hydration, controller, startLive };
    };
    let parts: ReturnType<typeof build> | null = null;

    const gate = createRouteGate({
      href: () => location.href,
      isActive: isWhatsAppManagerUrl,
      wake: async (stillAwake) => {
        parts ??= build();
        const { root, controller, startLive } = parts;
        root.attach();
        controller.start();
        mark('waba-health:awake');
        const started = await startLive();
        if (!stillAwake() || ctx.isInvalid) {
          started.stop();
          return;
        }
        live = started;
        root.host.setAttribute('data-live', started.mode); // 'session' or 'port' (pushed), 'poll' (fallback)
      },
      sleep: () => {
        live?.stop();
        live = null;
        parts?.controller.stop();
        parts?.root.remove();
        mark('waba-health:dormant');
      },
    });

    ctx.onInvalidated(() => {
      live?.stop();
      parts?.controller.stop();
      parts?.hydration.disconnect();
      parts?.root.remove();
    });
    // SPA navigation (history.pushState, replaceState, popstate): WXT uses the Navigation API, or polls
    // where it is absent. Into WhatsApp Manager wakes the script, out of it puts it to sleep. The Navigation
    // API announces a navigation before it commits (location.href is still the old URL): use its destination.
    const navigated = (destination?: string) => {
      pageHref = destination ?? location.href;
      gate.check(destination);
      if (!gate.awake) return;
      parts?.controller.navigated();
      void live?.rescope();
    };
    ctx.addEventListener(window, 'wxt:locationchange', (event) => navigated((event as Event & { newUrl?: URL }).newUrl?.href));
    ctx.addEventListener(window, 'popstate', () => navigated());
    gate.check();
    // What the script cost on a page where it stays dormant (read by the benchmark).
    if (!gate.awake) mark('waba-health:dormant', { ms: performance.now() - startedAt });
  },
});

/** A point in the content script's life as a performance entry (tests and the benchmark read them). */
function mark(name: string, detail?: unknown): void {
  try {
    performance.mark(name, detail === undefined ? undefined : { detail });
  } catch {
    // Performance timeline unavailable: marks are optional.
  }
}

/** Scan timings as performance entries (read by the benchmark: `performance.getEntriesByName(...)`). */
function recordScan(stats: ScanStats): void {
  mark(`waba-health:scan:${stats.kind}`, stats);
}
