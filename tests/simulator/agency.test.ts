import { statSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { classify } from '@/lib/health/classify';
import { badgeFor } from '@/lib/engine/notifications';
import { AGENCY, AGENCY_PARTNER_BUSINESS as PARTNER } from '../support/simulator/agency.ts';
import { loadScenarioFile, readScenario, resolveScenario, scenarioPath } from '../support/simulator/scenario.ts';
import { get, raw, simulatorForSuite } from './helpers.ts';

const HEALTH_FIELDS =
  'id,display_phone_number,verified_name,status,quality_rating,code_verification_status,name_status,platform_type,throughput,is_pin_enabled,health_status';
const WABA_READ = `fields=id,name,owner_business_info,phone_numbers.limit(100){${HEALTH_FIELDS}}`;

describe('agency scenario (10,000 numbers in 2,000 WABAs, most of them client WABAs)', () => {
  const sim = simulatorForSuite({ scenario: 'agency' });

  const batch = (items: Array<{ method: string; relative_url: string }>) =>
    raw(sim, 'https://graph.facebook.com/v23.0/', {
      method: 'POST',
      headers: { authorization: `Bearer ${sim.tokens.valid}` },
      body: new URLSearchParams({ batch: JSON.stringify(items), include_headers: 'false' }),
    });

  it('is a small generator file that expands to the documented counts', () => {
    expect(statSync(scenarioPath('agency')).size).toBeLessThan(10_000);
    const sc = loadScenarioFile('agency');
    expect(sc.wabas).toHaveLength(AGENCY.wabas);
    expect(sc.phones).toHaveLength(AGENCY.numbers);
    expect(sc.wabas.filter((w) => w.owner_business_id === PARTNER)).toHaveLength(AGENCY.ownedWabas);
    const clients = sc.wabas.filter((w) => w.client_business_ids?.includes(PARTNER));
    expect(clients).toHaveLength(AGENCY.clientWabas);
    for (const w of clients) {
      expect(w.owner_business_id).not.toBe(PARTNER);
      expect(w.ownership_type).toBe('CLIENT_OWNED');
    }
    expect(new Set(clients.map((w) => w.owner_business_id)).size).toBe(AGENCY.clientBusinesses);
    expect(sc.businesses).toHaveLength(AGENCY.clientBusinesses + 1);
    const perWaba = new Map<string, number>();
    for (const p of sc.phones) perWaba.set(p.waba_id, (perWaba.get(p.waba_id) ?? 0) + 1);
    expect(perWaba.size).toBe(AGENCY.wabas);
    expect([...perWaba.values()].every((n) => n === AGENCY.numbersPerWaba)).toBe(true);

    const byPreset: Record<string, number> = {};
    for (const p of sc.phones) byPreset[p.behaviour!.label!] = (byPreset[p.behaviour!.label!] ?? 0) + 1;
    expect(byPreset).toEqual(AGENCY.byPreset);
    expect(sc.phones.filter((p) => p.status === 'PENDING')).toHaveLength(AGENCY.stuck);
    expect(sc.phones.filter((p) => p.status === 'BANNED')).toHaveLength(AGENCY.blocked);
    expect(AGENCY.stuck + AGENCY.blocked).toBe(AGENCY.badgeCount);
    const healthy = byPreset.healthy! / AGENCY.numbers;
    expect(healthy).toBeGreaterThan(0.75);
  });

  it('is deterministic, and owners come from their own random stream (number states do not depend on them)', () => {
    const a = loadScenarioFile('agency');
    const b = loadScenarioFile('agency');
    expect(b.phones).toEqual(a.phones);
    expect(b.wabas).toEqual(a.wabas);
    expect(b.businesses).toEqual(a.businesses);
    const spec = readScenario('agency') as any;
    const fewerOwners = resolveScenario({
      ...spec,
      generate: { ...spec.generate, clientOwners: { ...spec.generate.clientOwners, count: 7 } },
    });
    expect(fewerOwners.phones.map((p) => p.status)).toEqual(a.phones.map((p) => p.status));
    expect(new Set(fewerOwners.wabas.map((w) => w.owner_business_id)).size).toBe(8);
    const other = resolveScenario({ ...spec, generate: { ...spec.generate, seed: 1 } });
    expect(other.phones.map((p) => p.status)).not.toEqual(a.phones.map((p) => p.status));
  });

  it('pages through 1,980 client WABAs in 20 pages of at most 100, following absolute paging.next', async () => {
    const seen = new Set<string>();
    const owners = new Set<string>();
    let url: string | undefined =
      `https://graph.facebook.com/v23.0/${PARTNER}/client_whatsapp_business_accounts?fields=id,name,owner_business_info&limit=100`;
    let pages = 0;
    let last = 0;
    while (url) {
      const r = await raw(sim, url, { headers: { authorization: `Bearer ${sim.tokens.valid}` } });
      expect(r.status).toBe(200);
      pages++;
      last = r.json.data.length;
      expect(last).toBeLessThanOrEqual(100);
      for (const w of r.json.data) {
        expect(seen.has(w.id)).toBe(false);
        seen.add(w.id);
        expect(w.owner_business_info.id).not.toBe(PARTNER);
        expect(w.owner_business_info.name).toMatch(/^Client \d{3} Ltda$/);
        owners.add(w.owner_business_info.id);
      }
      url = r.json.paging?.next;
      if (url) {
        expect(url).toMatch(/^https:\/\/graph\.facebook\.com\/v23\.0\/\d+\/client_whatsapp_business_accounts\?/);
        expect(new URL(url).searchParams.get('limit')).toBe('100');
        expect(new URL(url).searchParams.get('fields')).toBe('id,name,owner_business_info');
      }
      expect(pages).toBeLessThanOrEqual(AGENCY.clientPagesAt100);
    }
    expect(pages).toBe(AGENCY.clientPagesAt100);
    expect(last).toBe(AGENCY.clientWabas - 19 * 100);
    expect(seen.size).toBe(AGENCY.clientWabas);
    expect(owners.size).toBe(AGENCY.clientBusinesses);

    // limit above 100 is capped at 100, the default page is 25, and the owned edge lists the partner's own 20.
    const over = await get(sim, `/v23.0/${PARTNER}/client_whatsapp_business_accounts?limit=500`);
    expect(over.json.data).toHaveLength(100);
    expect((await get(sim, `/v23.0/${PARTNER}/client_whatsapp_business_accounts`)).json.data).toHaveLength(25);
    const owned = await get(sim, `/v23.0/${PARTNER}/owned_whatsapp_business_accounts?limit=100&fields=id,owner_business_info`);
    expect(owned.json.data).toHaveLength(AGENCY.ownedWabas);
    expect(owned.json.paging.next).toBeUndefined();
    expect(owned.json.data.every((w: any) => w.owner_business_info.id === PARTNER)).toBe(true);
    // The token's user sees the partner only; the client businesses are not its portfolios.
    expect((await get(sim, '/v23.0/me/businesses?limit=100')).json.data.map((b: any) => b.id)).toEqual([PARTNER]);
  });

  it('answers a batch of 50 WABA reads with their phone_numbers expanded, and refuses 51', async () => {
    const ids = (sim.state().wabas as Array<{ id: string }>).slice(0, 51).map((w) => w.id);
    const items = ids.slice(0, 50).map((id) => ({ method: 'GET', relative_url: `${id}?${WABA_READ}` }));
    const r = await batch(items);
    expect(r.status).toBe(200);
    expect(r.json).toHaveLength(50);
    for (const [i, item] of r.json.entries()) {
      expect(item.code).toBe(200);
      const body = JSON.parse(item.body);
      expect(body.id).toBe(ids[i]);
      expect(body.owner_business_info.id).toMatch(/^\d+$/);
      expect(body.phone_numbers.data).toHaveLength(AGENCY.numbersPerWaba);
      expect(body.phone_numbers.paging.next).toBeUndefined();
      for (const p of body.phone_numbers.data)
        expect(Object.keys(p).sort()).toEqual(expect.arrayContaining(['id', 'status', 'health_status']));
    }
    const tooMany = await batch(ids.map((id) => ({ method: 'GET', relative_url: `${id}?fields=id` })));
    expect(tooMany.status).toBe(400);
    expect(tooMany.json.error.code).toBe(100);
    expect(tooMany.json.error.message).toMatch(/Maximum batch size is 50/);
  });

  it('a full sweep of 10,000 numbers (40 batches of 50 WABAs) is fast and yields the documented badge', async () => {
    const wabaIds = (sim.state().wabas as Array<{ id: string }>).map((w) => w.id);
    expect(wabaIds).toHaveLength(AGENCY.wabas);
    const before = sim.requests.length;
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    const phones: any[] = [];
    const batches: string[][] = [];
    for (let i = 0; i < wabaIds.length; i += 50) batches.push(wabaIds.slice(i, i + 50));
    let next = 0;
    await Promise.all(
      Array.from({ length: 4 }, async () => {
        while (next < batches.length) {
          const r = await batch(batches[next++]!.map((id) => ({ method: 'GET', relative_url: `${id}?${WABA_READ}` })));
          for (const item of r.json) {
            expect(item.code).toBe(200);
            phones.push(...JSON.parse(item.body).phone_numbers.data);
          }
        }
      }),
    );
    const ms = performance.now() - t0;
    const cpu = process.cpuUsage(cpu0);
    const cpuMs = (cpu.user + cpu.system) / 1000;
    // Simulator and this client share the process: the CPU figure is both sides of 40 HTTPS calls.
    console.log(`[agency] 40 batch calls, 10,000 numbers over loopback: ${Math.round(ms)} ms wall, ${Math.round(cpuMs)} ms CPU`);
    expect(sim.requests.length - before).toBe(40);
    expect(phones).toHaveLength(AGENCY.numbers);
    expect(new Set(phones.map((p) => p.id)).size).toBe(AGENCY.numbers);
    expect(cpuMs).toBeLessThan(10_000); // generous: ~1 s on a 2-core machine

    const health = phones.map((p) => classify(p).health);
    expect(health.filter((h) => h === 'stuck')).toHaveLength(AGENCY.stuck);
    expect(health.filter((h) => h === 'blocked')).toHaveLength(AGENCY.blocked);
    expect(health.filter((h) => h === 'unknown')).toHaveLength(0);
    const counts: Partial<Record<(typeof health)[number], number>> = {};
    for (const h of health) counts[h] = (counts[h] ?? 0) + 1;
    expect(badgeFor(counts).text).toBe(AGENCY.badgeText);
  });
});
