/** Who sent a runtime message. Anything else is refused. */
export type SenderRole = 'extension_page' | 'content_script';

/** The subset of `runtime.MessageSender` we rely on. */
export interface MessageSenderLike {
  id?: string;
  url?: string;
  tab?: unknown;
}

export const WHATSAPP_MANAGER_ORIGIN = 'https://business.facebook.com';

/**
 * Classifies a sender. Messages from other extensions, web pages, or content scripts on any page
 * other than WhatsApp Manager get `null`.
 */
export function senderRole(
  sender: MessageSenderLike,
  env: { runtimeId: string; extensionOrigin: string },
): SenderRole | null {
  if (!sender || sender.id !== env.runtimeId || typeof sender.url !== 'string') return null;
  let url: URL;
  try {
    url = new URL(sender.url);
  } catch {
    return null;
  }
  // Not `url.origin`: it is "null" for non-special schemes such as chrome-extension: in some runtimes.
  const origin = `${url.protocol}//${url.host}`;
  if (origin === env.extensionOrigin.replace(/\/$/, '')) return 'extension_page';
  if (sender.tab && origin === WHATSAPP_MANAGER_ORIGIN) return 'content_script';
  return null;
}
