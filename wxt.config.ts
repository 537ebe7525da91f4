import { defineConfig } from 'wxt';
import tailwindcss from '@tailwindcss/vite';

// See README "Architecture". Permissions are deliberately minimal: no tabs, no <all_urls>.
export default defineConfig({
  modules: ['@wxt-dev/module-react'],
  imports: false,
  // A separate output folder lets parallel e2e runs build without clobbering each other.
  outDir: process.env.WXT_OUT_DIR ?? '.output',
  vite: () => ({
    plugins: [tailwindcss()],
    ...(process.env.WXT_SOURCEMAP ? { build: { sourcemap: true } } : {}),
  }),
  // The sources zip AMO asks for: no test screenshots in it.
  zip: { excludeSources: ['tests/e2e/artifacts/**', 'tests/e2e-firefox/artifacts/**'] },
  manifest: ({ browser }) => ({
    name: '__MSG_extName__',
    description: '__MSG_extDescription__',
    default_locale: 'en',
    // unlimitedStorage: the extension's IndexedDB (token, PINs, the 72-hour registration budget) is then
    // exempt from eviction under storage pressure (Chrome), and persistent (Firefox). No install warning.
    permissions: ['storage', 'unlimitedStorage', 'alarms', 'notifications'],
    host_permissions: ['https://graph.facebook.com/*', 'https://business.facebook.com/*'],
    // The PIN prompt is framed by the badge on WhatsApp Manager, and by no other site. WXT turns this into
    // MV2's flat list for Firefox (where every web-accessible resource is open to every site).
    web_accessible_resources: [{ resources: ['pin-prompt.html'], matches: ['https://business.facebook.com/*'] }],
    // Chrome 111: Tailwind 4's colours (oklch, color-mix); storage.local.setAccessLevel and storage.session
    // need 102. Firefox 140 (ESR): AMO's data_collection_permissions (the build itself needs 115, for
    // storage.session in the background). Everything newer the build uses has a fallback (Popover API 125,
    // Navigation API, @property 128) or is older (findLast 104, oklch 113).
    ...(browser === 'firefox'
      ? {
          browser_specific_settings: {
            gecko: {
              id: 'waba-health@waba-health.app',
              strict_min_version: '140.0',
              // AMO's data consent (Firefox 140+, hence the minimum): nothing is collected for us or anyone
              // else. The Graph calls go to Meta with the person's own token, for the person.
              data_collection_permissions: { required: ['none'] },
            },
            gecko_android: { strict_min_version: '142.0' },
          },
        }
      : { minimum_chrome_version: '111' }),
  }),
});
