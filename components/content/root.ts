import { t } from '@/lib/i18n';
import { ROOT_CSS } from './styles';

/**
 * The page-level host (`<waba-health-root data-state>`): connection state for tests and support, and the
 * optional "N numbers need attention" banner. Plain DOM in an open shadow root; texts via textContent.
 */
export const ROOT_TAG = 'waba-health-root';

export type ConnectionState = 'starting' | 'connected' | 'disconnected';

export function createRoot(doc: Document) {
  const host = doc.createElement(ROOT_TAG);
  host.setAttribute('data-state', 'starting');
  const shadow = host.attachShadow({ mode: 'open' });
  for (const type of ['click', 'mousedown', 'pointerdown', 'keydown']) shadow.addEventListener(type, (e) => e.stopPropagation());
  const style = doc.createElement('style');
  style.textContent = ROOT_CSS;
  const banner = doc.createElement('div');
  banner.className = 'banner';
  banner.setAttribute('role', 'status');
  banner.hidden = true;
  const text = doc.createElement('span');
  const hide = doc.createElement('button');
  hide.type = 'button';
  hide.textContent = t('contentBannerHide');
  banner.append(text, hide);
  shadow.append(style, banner);

  let count = 0;
  let dismissedAt = -1;
  hide.addEventListener('click', () => {
    dismissedAt = count;
    banner.hidden = true;
  });

  return {
    host,
    /** Re-attaches the host when the page replaced <body>'s children. */
    attach(): void {
      if (!host.isConnected) (doc.body ?? doc.documentElement).append(host);
    },
    setState(state: ConnectionState): void {
      host.setAttribute('data-state', state);
    },
    /** Shows the banner while some numbers on the page need attention (again once the count grows). */
    setAttention(next: number): void {
      if (next !== count) {
        if (next > dismissedAt) dismissedAt = -1;
        count = next;
        text.textContent = next === 1 ? t('contentBannerOne') : t('contentBannerMany', [next]);
        host.setAttribute('data-attention', String(next));
      }
      banner.hidden = count === 0 || dismissedAt >= 0;
    },
    remove(): void {
      host.remove();
    },
  };
}

export type PageRoot = ReturnType<typeof createRoot>;
