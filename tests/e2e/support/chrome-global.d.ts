// `chrome` inside `serviceWorker.evaluate(...)` callbacks, which run in the extension's worker.
declare const chrome: typeof import('wxt/browser').browser;
