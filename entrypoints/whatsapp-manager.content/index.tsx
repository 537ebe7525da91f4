import './style.css';
import { createRoot, type Root } from 'react-dom/client';
import { defineContentScript } from 'wxt/utils/define-content-script';
import { createShadowRootUi } from 'wxt/utils/content-script-ui/shadow-root';
import { PageStatus } from '@/components/content/PageStatus';
import { sendRequest } from '@/lib/messages/client';

export default defineContentScript({
  matches: ['https://business.facebook.com/wa/manage/*', 'https://business.facebook.com/latest/whatsapp_manager/*'],
  cssInjectionMode: 'ui',
  runAt: 'document_idle',
  async main(ctx) {
    const ui = await createShadowRootUi<Root>(ctx, {
      name: 'waba-health-root',
      position: 'inline',
      anchor: 'body',
      append: 'last',
      onMount(container, _shadow, host) {
        host.dataset.state = 'starting';
        const root = createRoot(container);
        root.render(<PageStatus connected={false} />);
        void sendRequest<'ping'>({ type: 'ping' }).then(
          () => {
            host.dataset.state = 'connected';
            root.render(<PageStatus connected />);
          },
          () => {
            host.dataset.state = 'disconnected';
          },
        );
        return root;
      },
      onRemove(root) {
        root?.unmount();
      },
    });
    ui.mount();
  },
});
