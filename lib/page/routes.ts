import { parseUrl } from '../parse-url';

/**
 * Where the content script is injected: every Business Suite page, since people reach WhatsApp Manager
 * by in-app navigation (it stays dormant elsewhere, see route-gate.ts). Badges show on WhatsApp Manager's
 * routes only (isWhatsAppManagerUrl).
 */
export const CONTENT_SCRIPT_MATCHES = ['https://business.facebook.com/*'];

export function isWhatsAppManagerUrl(href: string): boolean {
  const url = parseUrl(href);
  return (
    url !== undefined &&
    url.protocol === 'https:' &&
    url.host === 'business.facebook.com' &&
    (url.pathname.startsWith('/wa/manage/') || url.pathname.startsWith('/latest/whatsapp_manager/'))
  );
}

/**
 * The WABA a WhatsApp Manager page shows, when its URL names one: `waba_id` (/wa/manage/...), or
 * `asset_id` on the newer /latest/whatsapp_manager/ routes.
 */
export function pageWabaId(href: string): string | undefined {
  const url = parseUrl(href);
  if (!url) return undefined;
  const id =
    url.searchParams.get('waba_id') ?? (url.pathname.startsWith('/latest/whatsapp_manager/') ? url.searchParams.get('asset_id') : null);
  return id && /^\d{1,25}$/.test(id) ? id : undefined;
}
