import { describe, expect, it, vi } from 'vitest';
import { createDisplayPorts, type PortLike } from '@/lib/background/display-ports';
import { DISPLAY_CHANGED, DISPLAY_PORT_NAME } from '@/lib/display-state';

const env = { runtimeId: 'ext-id', extensionOrigin: 'moz-extension://abc' };

function port(name: string, sender?: PortLike['sender']) {
  const onDisconnect: Array<() => void> = [];
  const p = {
    name,
    sender,
    postMessage: vi.fn(),
    disconnect: vi.fn(),
    onDisconnect: { addListener: (cb: () => void) => onDisconnect.push(cb) },
    drop: () => onDisconnect.forEach((cb) => cb()),
  };
  return p;
}

describe('display ports: live badges where content scripts cannot read storage.session', () => {
  it('keeps WhatsApp Manager content scripts’ ports and tells them "changed" (no data), until they go', () => {
    const ports = createDisplayPorts(env);
    const page = port(DISPLAY_PORT_NAME, { id: 'ext-id', url: 'https://business.facebook.com/wa/manage/phone-numbers/', tab: {} });
    ports.accept(page);
    expect(ports.size).toBe(1);
    ports.notify();
    expect(page.postMessage).toHaveBeenCalledWith(DISPLAY_CHANGED);
    page.drop();
    expect(ports.size).toBe(0);
  });

  it('refuses another site, another extension, a name it does not know, and the PIN frame', () => {
    const ports = createDisplayPorts(env);
    const refused = [
      port(DISPLAY_PORT_NAME, { id: 'ext-id', url: 'https://evil.example/', tab: {} }),
      port(DISPLAY_PORT_NAME, { id: 'other-ext', url: 'https://business.facebook.com/wa/manage/', tab: {} }),
      port(DISPLAY_PORT_NAME, { id: 'ext-id', url: 'moz-extension://abc/pin-prompt.html', tab: {} }),
      port(DISPLAY_PORT_NAME),
    ];
    for (const p of refused) ports.accept(p);
    ports.accept(port('something-else', { id: 'ext-id', url: 'https://business.facebook.com/wa/manage/', tab: {} }));
    expect(ports.size).toBe(0);
    for (const p of refused) expect(p.disconnect).toHaveBeenCalled();
  });
});
