import { describe, expect, it } from 'vitest';
import { classify } from '@/lib/health/classify';
import { applyRead } from '@/lib/engine/number-update';
import { defaultSettings, type NumberState, type Snapshot } from '@/lib/storage/schemas';
import { timelineEntries } from '@/lib/ui/timeline-view';
import { cardReasons, problemsOf } from '@/lib/ui/number-list';
import { groupAccounts } from '@/lib/ui/accounts-view';
import type { EntityProblem } from '@/lib/health/entities';
import type { WabaState } from '@/lib/storage/schemas';

/** Above the number (issue 11): classification of entities, the timeline through reads, the groups' problems (from an adversarial review). */
const T0 = Date.UTC(2026, 10, 1);
const snap = (extra: Record<string, unknown> = {}) => ({
  id: '1',
  status: 'CONNECTED',
  quality_rating: 'GREEN',
  whatsapp_business_manager_messaging_limit: 'TIER_2K',
  name_status: 'APPROVED',
  throughput: { level: 'STANDARD' },
  platform_type: 'CLOUD_API',
  health_status: { can_send_message: 'AVAILABLE' },
  ...extra,
});

describe('timeline through reads (applyRead): no noise from fields Meta leaves out', () => {
  const read = (prev: NumberState | undefined, snapshot: Record<string, unknown>, at: number) =>
    applyRead(prev, snapshot as Snapshot, { wabaId: '9', now: at, settings: defaultSettings() }).next;

  it('a field Meta leaves out of one read and sends again unchanged is no change', () => {
    const { quality_rating: _q, throughput: _t, ...without } = snap();
    let n = read(undefined, snap(), T0);
    n = read(n, without, T0 + 1);
    expect(n.changes).toEqual([]);
    n = read(n, snap(), T0 + 60_000);
    expect(n.changes).toEqual([]);
    expect(timelineEntries(n.changes ?? [], [], T0 + 120_000)).toEqual([]);
  });

  it('a field that moved while Meta left it out keeps its real from', () => {
    const { quality_rating: _q, ...without } = snap();
    const n = read(read(read(undefined, snap(), T0), without, T0 + 1), snap({ quality_rating: 'YELLOW' }), T0 + 2);
    expect(n.changes).toEqual([expect.objectContaining({ field: 'quality_rating', from: 'GREEN', to: 'YELLOW' })]);
  });

  it('a number stored before `seen` existed compares with its last snapshot', () => {
    const { seen: _seen, ...old } = read(undefined, snap(), T0);
    const n = read(old as NumberState, snap({ quality_rating: 'RED' }), T0 + 1);
    expect(n.changes).toEqual([expect.objectContaining({ field: 'quality_rating', from: 'GREEN', to: 'RED' })]);
  });

  it('a calling-only BLOCKED is not recorded as sending blocked', () => {
    const calling = {
      can_send_message: 'BLOCKED',
      entities: [
        { entity_type: 'PHONE_NUMBER', id: '1', can_send_message: 'AVAILABLE' },
        {
          entity_type: 'APP',
          id: '9',
          can_send_message: 'AVAILABLE',
          can_receive_call_sip: 'BLOCKED',
          errors: [{ error_code: 138025, error_description: 'SIP not configured' }],
        },
      ],
    };
    expect(classify(snap({ health_status: calling })).health).toBe('healthy');
    const n = read(read(undefined, snap(), T0), snap({ health_status: calling }), T0 + 1);
    expect((n.changes ?? []).filter((c) => c.field === 'can_send_message')).toEqual([]);
  });
});

describe('classification', () => {
  it('a calling-only BLOCKED where the app entity reports calling only (no can_send_message) is no outage', () => {
    const health_status = {
      can_send_message: 'BLOCKED',
      entities: [
        { entity_type: 'PHONE_NUMBER', id: '1', can_send_message: 'AVAILABLE' },
        { entity_type: 'BUSINESS', id: '2', can_send_message: 'AVAILABLE' },
        { entity_type: 'APP', id: '9', can_receive_call_sip: 'BLOCKED', errors: [{ error_code: 138025 }] },
      ],
    };
    expect(classify(snap({ health_status })).health).not.toBe('blocked');
  });

  it("lower-case entity types: the portfolio's error is not repeated on every number's card", () => {
    const health_status = {
      can_send_message: 'limited',
      entities: [
        { entity_type: 'phone_number', id: '1', can_send_message: 'available' },
        {
          entity_type: 'business',
          id: '2',
          can_send_message: 'limited',
          errors: [{ error_code: 141010, error_description: 'Not verified' }],
        },
      ],
    };
    const { reasons } = classify(snap({ health_status }));
    expect(reasons[0]).toMatchObject({ code: 'can_send_limited', entity: 'BUSINESS' });
    // The entity type is upper-cased, so the card recognises the portfolio's error.
    expect(cardReasons(reasons).filter((r) => r.code === 'health_error')).toEqual([]);
  });
});

describe('entity problems on their groups', () => {
  const limited: EntityProblem = { type: 'BUSINESS', id: '2', canSend: 'LIMITED', errors: [{ code: 141010 }], info: [] };
  const blocked: EntityProblem = { type: 'BUSINESS', id: '2', canSend: 'BLOCKED', errors: [{ code: 141006 }], info: [] };

  it('one portfolio, two WABAs read at different times: its problem is shown once (the newest)', () => {
    // WABA A read now (BLOCKED), WABA B's last read failed and keeps the older LIMITED.
    const out = problemsOf([{ entities: [blocked] }, { entities: [limited] }], 'BUSINESS');
    expect(out).toHaveLength(1);
  });

  it('a WABA removed from the account no longer speaks for its portfolio (options page)', () => {
    const waba = (id: string, extra: Partial<WabaState>): WabaState =>
      ({ id, sources: [], phoneIds: [], businessId: '2', businessName: 'Acme', ...extra }) as WabaState;
    const groups = groupAccounts([waba('10', { removedAt: T0, entities: [blocked] }), waba('11', { entities: [] })], {});
    // The removed WABA, never read again, does not keep its portfolio blocked.
    expect(groups[0]?.problems).toEqual([]);
  });
});
