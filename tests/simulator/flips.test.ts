import { describe, expect, it } from 'vitest';
import { FlipSetSchema } from '../support/simulator/scenario.ts';
import { type GraphSimulator, readScenario, resolveScenario, ScenarioError } from '../support/simulator/index.ts';
import { PHONE_FIELDS } from '../support/simulator/state.ts';
import { IDS, get, simulatorForSuite, batchBodies, controlOf } from './helpers.ts';

const HOUR = 3_600_000;
/** Real time keeps running under the simulator clock: a read "just before" a flip keeps this much room. */
const SYNC_MARGIN_MS = 50;
const HTTP_MARGIN_MS = 1_000;

/** The default scenario with flips on some numbers' behaviour (listed out of time order on purpose). */
function withFlips(flips: Record<string, unknown[]>) {
  const sc = readScenario('default') as { phones: Array<{ id: string; behaviour?: Record<string, unknown> }> };
  return {
    ...sc,
    name: 'default-with-flips',
    phones: sc.phones.map((p) => (flips[p.id] ? { ...p, behaviour: { ...p.behaviour, flips: flips[p.id] } } : p)),
  } as never;
}

/** Moves the simulator clock to `at + delta` (delta < 0: before it). */
function clockTo(sim: GraphSimulator, at: number, delta = 0): void {
  sim.advanceTime(Math.max(0, at + delta - sim.now()));
}

function startedAt(sim: GraphSimulator): number {
  return sim.state().startedAt as number;
}

describe('flips from the scenario (behaviour.flips)', () => {
  const sim = simulatorForSuite({
    resetEachTest: true,
    scenario: withFlips({
      [IDS.healthy]: [
        { afterMs: 2 * HOUR, set: { status: 'FLAGGED', quality_rating: 'RED' } },
        { afterMs: HOUR, set: { quality_rating: 'YELLOW' } },
      ],
      [IDS.nameChange]: [{ afterMs: HOUR, set: { new_display_name: null, new_name_status: null, verified_name: 'Northwind Care+' } }],
      [IDS.clientHealthy]: [
        {
          afterMs: HOUR,
          set: { health: { can_send_message: 'LIMITED', additional_info: ['Your phone number has reached its messaging limit.'] } },
        },
      ],
    }),
  });

  it('a field keeps its old value until the clock passes start + afterMs, then has the new one', async () => {
    const at = startedAt(sim) + HOUR;
    clockTo(sim, at, -HTTP_MARGIN_MS);
    expect((await get(sim, `/v23.0/${IDS.healthy}?fields=quality_rating`)).json.quality_rating).toBe('GREEN');
    clockTo(sim, at, -SYNC_MARGIN_MS);
    expect(sim.phone(IDS.healthy).quality_rating).toBe('GREEN');
    clockTo(sim, at);
    expect(sim.phone(IDS.healthy).quality_rating).toBe('YELLOW');
    expect((await get(sim, `/v23.0/${IDS.healthy}?fields=quality_rating,status`)).json).toEqual({
      quality_rating: 'YELLOW',
      status: 'CONNECTED',
      id: IDS.healthy,
    });
  });

  it('later flips wait for their own moment, and derived fields (health_status) follow', async () => {
    const start = startedAt(sim);
    clockTo(sim, start + 2 * HOUR, -HTTP_MARGIN_MS);
    let r = await get(sim, `/v23.0/${IDS.healthy}?fields=status,quality_rating,health_status{can_send_message}`);
    expect(r.json).toEqual({
      status: 'CONNECTED',
      quality_rating: 'YELLOW',
      health_status: { can_send_message: 'AVAILABLE' },
      id: IDS.healthy,
    });
    clockTo(sim, start + 2 * HOUR);
    r = await get(sim, `/v23.0/${IDS.healthy}?fields=status,quality_rating,health_status{can_send_message}`);
    expect(r.json).toEqual({ status: 'FLAGGED', quality_rating: 'RED', health_status: { can_send_message: 'LIMITED' }, id: IDS.healthy });
  });

  it('several flips that fell due between two reads apply in time order (not in the order they are listed)', () => {
    sim.advanceTime(3 * HOUR);
    expect(sim.phone(IDS.healthy)).toMatchObject({ status: 'FLAGGED', quality_rating: 'RED' });
  });

  it('reads through the WABA (phone_numbers edge and expansion) and in a batch see flips too', async () => {
    sim.advanceTime(HOUR);
    const edge = await get(sim, `/v23.0/${IDS.wabaSales}/phone_numbers?fields=quality_rating`);
    expect(edge.json.data.find((p: { id: string }) => p.id === IDS.healthy).quality_rating).toBe('YELLOW');
    const [waba, phone] = await batchBodies(sim, [
      `${IDS.wabaSales}?fields=phone_numbers{quality_rating}`,
      `${IDS.healthy}?fields=quality_rating`,
    ]);
    expect(waba.phone_numbers.data.find((p: { id: string }) => p.id === IDS.healthy).quality_rating).toBe('YELLOW');
    expect(phone.quality_rating).toBe('YELLOW');
  });

  it('null removes a field; health replaces the PHONE_NUMBER entity', async () => {
    expect(sim.phone(IDS.nameChange)).toMatchObject({ new_name_status: 'PENDING_REVIEW', new_display_name: 'Northwind Clinics Care' });
    sim.advanceTime(HOUR);
    const p = sim.phone(IDS.nameChange);
    expect(p.verified_name).toBe('Northwind Care+');
    expect(p).not.toHaveProperty('new_name_status');
    expect(p).not.toHaveProperty('new_display_name');
    const h = (await get(sim, `/v23.0/${IDS.clientHealthy}?fields=health_status`)).json.health_status;
    expect(h.can_send_message).toBe('LIMITED');
    expect(h.entities[0]).toEqual({
      entity_type: 'PHONE_NUMBER',
      id: IDS.clientHealthy,
      can_send_message: 'LIMITED',
      additional_info: ['Your phone number has reached its messaging limit.'],
    });
  });

  it('the state dump lists the flips still waiting, and a reset starts them over', () => {
    const start = startedAt(sim);
    const phones = sim.state().phones as Record<string, { flips: Array<{ at: number }> }>;
    expect(phones[IDS.healthy]!.flips.map((f) => f.at)).toEqual([start + HOUR, start + 2 * HOUR]);
    sim.advanceTime(3 * HOUR);
    expect(sim.phone(IDS.healthy).quality_rating).toBe('RED');
    expect((sim.state().phones as Record<string, { flips: unknown[] }>)[IDS.healthy]!.flips).toEqual([]);
    sim.reset();
    expect(sim.phone(IDS.healthy).quality_rating).toBe('GREEN');
  });
});

describe('flips at run time', () => {
  const sim = simulatorForSuite({ resetEachTest: true });

  const ctl = controlOf(sim);

  it('POST /__sim/phones/<id>/flips schedules a change relative to now, seen over Graph when the clock passes', async () => {
    sim.advanceTime(5 * HOUR); // relative to now, not to the start
    const r = await ctl('POST', `phones/${IDS.healthy}/flips`, { afterMs: HOUR, set: { status: 'RESTRICTED', quality_rating: 'RED' } });
    expect(r.status).toBe(200);
    const at = r.json.at as number;
    expect(at - sim.now()).toBeGreaterThan(HOUR - HTTP_MARGIN_MS);
    expect(at - sim.now()).toBeLessThanOrEqual(HOUR);
    expect(r.json.flips).toEqual([{ at, set: { status: 'RESTRICTED', quality_rating: 'RED' } }]);
    expect((await ctl('GET', `phones/${IDS.healthy}/flips`)).json.flips).toEqual(r.json.flips);

    clockTo(sim, at, -HTTP_MARGIN_MS);
    expect((await get(sim, `/v23.0/${IDS.healthy}?fields=status,quality_rating`)).json).toMatchObject({
      status: 'CONNECTED',
      quality_rating: 'GREEN',
    });
    clockTo(sim, at);
    expect((await get(sim, `/v23.0/${IDS.healthy}?fields=status,quality_rating`)).json).toMatchObject({
      status: 'RESTRICTED',
      quality_rating: 'RED',
    });
    expect((await ctl('GET', `phones/${IDS.healthy}/flips`)).json.flips).toEqual([]);
  });

  it('sim.scheduleFlip does the same in process and returns the moment it applies', () => {
    const at = sim.scheduleFlip(IDS.flagged, 30_000, { quality_rating: 'GREEN', status: 'CONNECTED' });
    clockTo(sim, at, -SYNC_MARGIN_MS);
    expect(sim.phone(IDS.flagged)).toMatchObject({ status: 'FLAGGED', quality_rating: 'YELLOW' });
    clockTo(sim, at);
    expect(sim.phone(IDS.flagged)).toMatchObject({ status: 'CONNECTED', quality_rating: 'GREEN' });
  });

  it('flips and the display-name approval apply in the order they fell due', () => {
    // the scenario approves IDS.stuckReview's name 30 s after start; a flip 40 s after start puts it back in review
    sim.scheduleFlip(IDS.stuckReview, startedAt(sim) + 40_000 - sim.now(), { name_status: 'PENDING_REVIEW' });
    sim.advanceTime(60_000); // both fall due before the next read
    expect(sim.phone(IDS.stuckReview).name_status).toBe('PENDING_REVIEW');
  });

  it('flips at the same moment apply in the order they were scheduled; a flip of afterMs 0 applies at once', () => {
    const at = sim.scheduleFlip(IDS.healthy, HOUR, { quality_rating: 'YELLOW' });
    sim.scheduleFlip(IDS.healthy, at - sim.now(), { quality_rating: 'RED' });
    clockTo(sim, at);
    expect(sim.phone(IDS.healthy).quality_rating).toBe('RED');
    sim.scheduleFlip(IDS.healthy, 0, { quality_rating: 'GREEN' });
    expect(sim.phone(IDS.healthy).quality_rating).toBe('GREEN');
  });

  it('health_status and is_pin_enabled can flip too; health_status null goes back to the derived value', () => {
    const blocked = {
      can_send_message: 'BLOCKED',
      entities: [{ entity_type: 'PHONE_NUMBER', id: IDS.healthy, can_send_message: 'BLOCKED' }],
    };
    sim.scheduleFlip(IDS.healthy, 1_000, { health_status: blocked, is_pin_enabled: false });
    sim.scheduleFlip(IDS.healthy, 2_000, { health_status: null });
    sim.advanceTime(1_000);
    expect(sim.phone(IDS.healthy)).toMatchObject({ health_status: blocked, is_pin_enabled: false });
    sim.advanceTime(1_000);
    expect((sim.phone(IDS.healthy).health_status as { can_send_message: string }).can_send_message).toBe('AVAILABLE');
  });

  it('a reset drops the flips scheduled at run time', () => {
    sim.scheduleFlip(IDS.healthy, 1_000, { quality_rating: 'RED' });
    sim.reset();
    sim.advanceTime(2_000);
    expect(sim.phone(IDS.healthy).quality_rating).toBe('GREEN');
  });

  it('refuses invalid flips with 400 over HTTP (nothing scheduled) and throws in process', async () => {
    const bad: unknown[] = [
      {},
      { set: { quality_rating: 'RED' } },
      { afterMs: -1, set: { quality_rating: 'RED' } },
      { afterMs: 1.5, set: { quality_rating: 'RED' } },
      { afterMs: '1000', set: { quality_rating: 'RED' } },
      { afterMs: 1000 },
      { afterMs: 1000, set: {} },
      { afterMs: 1000, set: { nonsense: 1 } },
      { afterMs: 1000, set: { id: '1' } },
      { afterMs: 1000, set: { pin: '123456' } },
      { afterMs: 1000, set: { quality_rating: 5 } },
      { afterMs: 1000, set: { throughput: 'HIGH' } },
      { afterMs: 1000, set: { health: { can_send_message: 'LIMITED', nope: true } } },
      { afterMs: 1000, set: { display_phone_number: null } },
      { afterMs: 1000, set: { quality_rating: 'RED' }, extra: true },
      '{not json',
      '[1]',
    ];
    for (const body of bad) {
      const r = await ctl('POST', `phones/${IDS.healthy}/flips`, body);
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(typeof r.json.error).toBe('string');
    }
    expect((await ctl('GET', `phones/${IDS.healthy}/flips`)).json.flips).toEqual([]);
    expect((await ctl('POST', 'phones/999999999/flips', { afterMs: 1, set: { quality_rating: 'RED' } })).status).toBe(404);

    expect(() => sim.scheduleFlip(IDS.healthy, -5, { quality_rating: 'RED' })).toThrow(/invalid flip/);
    expect(() => sim.scheduleFlip(IDS.healthy, 5, { nonsense: 1 } as never)).toThrow(/invalid flip/);
    expect(() => sim.scheduleFlip('999999999', 5, { quality_rating: 'RED' })).toThrow(/unknown phone/);
    expect(sim.state().phones as Record<string, { flips: unknown[] }>).toHaveProperty([IDS.healthy, 'flips'], []);
  });
});

describe('flips in scenario files', () => {
  it('a flip may set every public field of a number but its id', () => {
    const flippable = Object.keys(FlipSetSchema.shape);
    for (const f of PHONE_FIELDS.filter((f) => f !== 'id')) expect(flippable, f).toContain(f);
    expect(flippable).not.toContain('id');
    expect(flippable).toContain('health');
  });

  it('invalid flips make the scenario invalid, with the path of the problem', () => {
    const bad = [
      { afterMs: -1, set: { quality_rating: 'RED' } },
      { afterMs: 10, set: {} },
      { afterMs: 10, set: { status: 7 } },
      { afterMs: 10, set: { nope: 'x' } },
      { afterMs: 10 },
    ];
    for (const flip of bad) {
      expect(() => resolveScenario(withFlips({ [IDS.healthy]: [flip] })), JSON.stringify(flip)).toThrow(ScenarioError);
      expect(() => resolveScenario(withFlips({ [IDS.healthy]: [flip] }))).toThrow(/phones\.0\.behaviour\.flips\.0/);
    }
    expect(() => resolveScenario(withFlips({ [IDS.healthy]: [{ afterMs: 10, set: { quality_rating: 'RED' } }] }))).not.toThrow();
  });
});
