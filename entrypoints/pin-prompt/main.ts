import './style.css';
import { browser } from 'wxt/browser';
import { mountPinPrompt } from '@/components/content/pin-prompt';
import { t } from '@/lib/i18n';
import { createBackgroundClient } from '@/lib/page/messaging';
import { phoneIdFromFrameUrl, PIN_FRAME_TARGET_ORIGIN } from '@/lib/page/pin-frame';

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
const prompt = mountPinPrompt(document, {
  phoneId: phoneIdFromFrameUrl(location.href),
  register: (phoneId, pin) => client.completeRegistration(phoneId, pin),
  // Only WhatsApp Manager may receive the outcome (and it carries no PIN).
  post: (result) => window.parent.postMessage(result, PIN_FRAME_TARGET_ORIGIN),
});
// The badge focuses the iframe once it loaded: move that focus into the field.
window.addEventListener('focus', () => prompt.input?.focus(), { once: true });
