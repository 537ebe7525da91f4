import './style.css';
import { browser } from 'wxt/browser';
import { mountPinPrompt } from '@/components/content/pin-prompt';
import { t } from '@/lib/i18n';
import { createBackgroundClient } from '@/lib/page/messaging';
import { phoneIdFromFrameUrl, PIN_FRAME_TARGET_ORIGIN } from '@/lib/page/pin-frame';
import { numberSummariesItem } from '@/lib/storage/items';

/**
 * The PIN prompt: an extension page shown as an iframe by the badge on WhatsApp Manager (web-accessible
 * to https://business.facebook.com only). The PIN is typed here, in the extension's origin, and sent to
 * the background from here; the page and the content script only ever learn the outcome.
 */
document.title = t('contentPinFrameTitle');
try {
  document.documentElement.lang = browser.i18n.getUILanguage();
} catch {
  // keep "en"
}
const client = createBackgroundClient((message) => browser.runtime.sendMessage(message));
const phoneId = phoneIdFromFrameUrl(location.href);
const prompt = mountPinPrompt(document, {
  phoneId,
  numberName: phoneId ? numberNameOf(phoneId) : undefined,
  register: (phoneId, pin) => client.completeRegistration(phoneId, pin),
  // Only WhatsApp Manager may receive the outcome (and it carries no PIN).
  post: (result) => window.parent.postMessage(result, PIN_FRAME_TARGET_ORIGIN),
});
// The badge focuses the iframe once it loaded: move that focus into the field.
window.addEventListener('focus', () => prompt.input?.focus(), { once: true });

/** "+1 555-010-0004 (Shop 04)" from the extension's own storage (this frame is an extension page). */
async function numberNameOf(id: string): Promise<string | undefined> {
  try {
    const n = await numberSummariesItem.get(id);
    const display = n?.snapshot?.display_phone_number;
    const name = n?.snapshot?.verified_name;
    return display ? (name ? `${display} (${name})` : display) : undefined;
  } catch {
    return undefined;
  }
}
