import { defineUnlistedScript } from 'wxt/utils/define-unlisted-script';
import { EARLY_READS_GLOBAL, OPTIONS_KEYS, POPUP_KEYS, startEarlyReads } from '@/lib/ui/early-reads';

// Loaded by popup.html and options.html as a classic script, before their module bundle: the storage
// read (the slowest part of first paint with many numbers) overlaps the loading of React and the UI.
export default defineUnlistedScript(() => {
  const keys = location.pathname.endsWith('/options.html') ? OPTIONS_KEYS : POPUP_KEYS;
  (globalThis as Record<string, unknown>)[EARLY_READS_GLOBAL] = startEarlyReads(keys);
});
