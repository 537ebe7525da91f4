import { DISPLAY_CHANGED, DISPLAY_PORT_NAME } from '../display-state';
import { type MessageSenderLike, senderRole } from '../messages/sender';

/**
 * Live badges where content scripts cannot read storage.session (Firefox): a WhatsApp Manager page
 * keeps a port open to the background, which says "changed" on it after every publication of the
 * display mirror. The port carries no data: the page then asks with getDisplayState, which the router
 * checks like any request. Only content scripts on WhatsApp Manager may connect.
 */

export interface PortLike {
  name: string;
  sender?: MessageSenderLike;
  postMessage(message: unknown): void;
  disconnect(): void;
  onDisconnect: { addListener(cb: () => void): void };
}

export function createDisplayPorts(env: { runtimeId: string; extensionOrigin: string }) {
  const ports = new Set<PortLike>();
  return {
    /** For runtime.onConnect: keeps a content script's display port, refuses anything else. */
    accept(port: PortLike): void {
      if (port.name !== DISPLAY_PORT_NAME) return;
      if (!port.sender || senderRole(port.sender, env) !== 'content_script') {
        port.disconnect();
        return;
      }
      ports.add(port);
      port.onDisconnect.addListener(() => ports.delete(port));
    },
    /** Tells every connected page that the display state changed. */
    notify(): void {
      for (const port of [...ports]) {
        try {
          port.postMessage(DISPLAY_CHANGED);
        } catch {
          ports.delete(port);
        }
      }
    },
    get size() {
      return ports.size;
    },
  };
}
