import { browser } from 'wxt/browser';
import { defineBackground } from 'wxt/utils/define-background';
import { createHandlers, describeError } from '@/lib/background/handlers';
import { createMessageRouter } from '@/lib/messages/router';
import { tokenItem } from '@/lib/storage/items';

// Thin wiring only: browser events -> lib/. No state in module variables (MV3 workers die when idle).
export default defineBackground(() => {
  const route = createMessageRouter(createHandlers({ token: tokenItem }), {
    runtimeId: browser.runtime.id,
    extensionOrigin: new URL(browser.runtime.getURL('/')).origin,
    describeError,
  });

  browser.runtime.onMessage.addListener((message, sender, sendResponse) => {
    void route(message, sender).then(sendResponse);
    return true; // keep the channel open for the async answer
  });
});
