/** Where the content script runs (manifest matches) and where it shows badges after SPA navigation. */
export const WHATSAPP_MANAGER_MATCHES = [
  'https://business.facebook.com/wa/manage/*',
  'https://business.facebook.com/latest/whatsapp_manager/*',
];

export function isWhatsAppManagerUrl(href: string): boolean {
  let url: URL;
  try {
    url = new URL(href);
  } catch {
    return false;
  }
  return (
    url.protocol === 'https:' &&
    url.host === 'business.facebook.com' &&
    (url.pathname.startsWith('/wa/manage/') || url.pathname.startsWith('/latest/whatsapp_manager/'))
  );
}
