import { displaySource } from '@/lib/storage/number-queries';
import { describe, expect, it, vi } from 'vitest';
import { createHandlers } from '@/lib/background/handlers';
import type { Engine, SweepResult } from '@/lib/engine/engine';
import { PROTOCOL, requestsFor } from '@/lib/messages/protocol';
import { stores } from '@/lib/storage/items';

describe('handlers and the protocol table', () => {
  it('checkNow answers the engine’s exact sweep result', async () => {
    const result: SweepResult = { status: 'done', calls: 3, numbers: 10, registered: 1 };
    const engine = { sweep: vi.fn(async () => result) } as unknown as Engine;
    const handlers = createHandlers({
      engine,
      stores,
      onIntervalChanged: async () => undefined,
      background: () => undefined,
      migration: {
        status: () => ({ state: 'done', attempt: 1, at: 0, from: 2, to: 2 }),
        run: async () => ({ state: 'done', attempt: 1, at: 0, from: 2, to: 2 }),
      },
      display: displaySource,
      clearAll: async () => undefined,
    });
    await expect(handlers.checkNow({ type: 'checkNow' }, 'extension_page')).resolves.toBe(result);
    expect(engine.sweep).toHaveBeenCalledWith({ reason: 'manual' });
  });

  it('every message is declared once with its roles: extension pages may send all, the content script and PIN frame only theirs', () => {
    const all = Object.keys(PROTOCOL).sort();
    expect([...requestsFor('extension_page')].sort()).toEqual(all);
    expect([...requestsFor('content_script')].sort()).toEqual(['completeRegistration', 'getDisplayState', 'ping']);
    expect([...requestsFor('pin_frame')]).toEqual(['completeRegistration']);
    // Each schema is the one of its key: it refuses any other message's type.
    for (const [type, def] of Object.entries(PROTOCOL)) {
      for (const other of all) if (other !== type) expect(def.schema.safeParse({ type: other }).success, `${type} vs ${other}`).toBe(false);
    }
  });
});
