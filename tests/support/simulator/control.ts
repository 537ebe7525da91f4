// HTTP control endpoints under /__sim/ (for driving the simulator from another process, e.g. the
// CLI-started server used by a demo or a benchmark). JSON in, JSON out. Never logged.
//
//   GET    /__sim/state                          scenario, clock, tokens, businesses, WABAs, phones, faults, usage
//   GET    /__sim/log[?since=<seq>]              { requests: LoggedRequest[] }
//   DELETE /__sim/log                            clear the request log
//   GET    /__sim/phones/<id>                    public fields of a number
//   PATCH  /__sim/phones/<id>                    body { "<field>": value, … } (any public field, "health" (the
//                                                PHONE_NUMBER entity, null: derived again) or "pin")
//   POST   /__sim/phones/<id>/approve-display-name
//   POST   /__sim/phones/<id>/flips              body { "afterMs": n, "set": { "<field>": value, … } }: those fields
//                                                change once the clock passes now + afterMs (same fields as a
//                                                scenario's behaviour.flips); answers { at, flips }
//   GET    /__sim/phones/<id>/flips              { flips: [{ at, set }] } still waiting for the clock
//   PATCH  /__sim/businesses/<id>                body { "health": EntityHealth | null }: the BUSINESS entity of the
//                                                health_status of its WABAs and their numbers (null: AVAILABLE)
//   PATCH  /__sim/wabas/<id>                     body { "health": EntityHealth | null }: the WABA entity
//   PATCH  /__sim/app                            body { "health": EntityHealth | null }: the APP entity of every
//                                                health_status (null: AVAILABLE, SIP calls AVAILABLE)
//                                                EntityHealth = { can_send_message, can_receive_call_sip?,
//                                                additional_info?, errors?: [{ error_code, error_description,
//                                                possible_solution }] }; any other body answers 400
//   GET    /__sim/faults | POST /__sim/faults (FaultSpec JSON, path = regex source) | DELETE /__sim/faults[/<id>]
//   POST   /__sim/reset                          body { "scenario"?: "<name>" }
//   POST   /__sim/advance                        body { "ms": <number> }
//   POST   /__sim/tokens/invalidate              body { "token": "…", "reason"?: "expired"|"password_changed"|"logged_out" }
//   POST   /__sim/latency                        body { "ms": <number> }

import { z } from 'zod';
import { FaultSchema, type FaultSpec } from './faults.ts';
import { EntityHealthSchema, FlipSchema } from './scenario.ts';
import type { SimServer } from './server.ts';
import type { InvalidationReason } from './state.ts';

export interface ControlResult {
  status: number;
  body: unknown;
}

export function simState(sim: SimServer): Record<string, unknown> {
  const w = sim.world;
  const roles: Record<string, string> = {};
  for (const t of w.tokens.values()) if (t.role) roles[t.role] = t.token;
  return {
    scenario: sim.scenarioName,
    now: w.now(),
    startedAt: w.startedAt,
    latencyMs: sim.latencyMs,
    maxPageSize: sim.maxPageSize ?? null,
    app: { ...w.app, health: w.appHealth ?? null },
    tokens: roles,
    allTokens: [...w.tokens.values()].map((t) => ({
      token: t.token,
      role: t.role ?? null,
      type: t.type,
      scopes: t.scopes,
      expiresAt: t.expiresAt,
      invalidated: t.invalidated ?? null,
      wabas: t.wabas === 'all' ? 'all' : [...t.wabas],
      businesses: t.businesses === 'all' ? 'all' : [...t.businesses],
    })),
    businesses: [...w.businesses.values()].map((b) => ({ id: b.id, name: b.name, health: b.health ?? null })),
    wabas: [...w.wabas.values()].map((x) => ({
      id: x.id,
      name: x.name,
      owner_business_id: x.owner_business_id,
      client_business_ids: x.client_business_ids ?? [],
      health: x.health ?? null,
      phone_ids: (w.phonesByWaba.get(x.id) ?? []).map((p) => p.id),
    })),
    phones: Object.fromEntries(
      [...w.phones.keys()].map((id) => [id, { ...w.publicPhone(id), label: w.phones.get(id)?.label, flips: w.pendingFlips(id) }]),
    ),
    faults: sim.faults.list(),
    usage: {
      app_calls_last_hour: sim.usage.appCount(),
      buc_calls_last_hour: Object.fromEntries([...w.wabas.keys()].map((id) => [id, sim.usage.bucCount(id)])),
    },
  };
}

/** Body of the entity-health PATCH endpoints: `health` is required (null = back to AVAILABLE). */
const HealthBodySchema = z.strictObject({ health: EntityHealthSchema.nullable() });

function healthBody(body: Record<string, unknown>): z.output<typeof HealthBodySchema>['health'] {
  const parsed = HealthBodySchema.safeParse(body);
  if (!parsed.success) throw new Error(`invalid body: ${z.prettifyError(parsed.error)}`);
  return parsed.data.health;
}

function parseJson(raw: string): Record<string, unknown> {
  if (!raw.trim()) return {};
  const v: unknown = JSON.parse(raw);
  if (!v || typeof v !== 'object' || Array.isArray(v)) throw new Error('body must be a JSON object');
  return v as Record<string, unknown>;
}

export async function handleControl(sim: SimServer, method: string, url: URL, raw: string): Promise<ControlResult> {
  const parts = url.pathname.split('/').filter(Boolean).slice(1); // drop "__sim"
  const [a, b, c] = parts;
  try {
    const body = method === 'GET' || method === 'DELETE' ? {} : parseJson(raw);
    if (a === 'state' && method === 'GET') return { status: 200, body: simState(sim) };
    if (a === 'log') {
      if (method === 'GET') {
        const since = Number(url.searchParams.get('since') ?? 0);
        return { status: 200, body: { requests: sim.log.filter((r) => r.seq > since) } };
      }
      if (method === 'DELETE') {
        sim.log.length = 0;
        return { status: 200, body: { ok: true } };
      }
    }
    if (a === 'phones' && b) {
      if (!sim.world.phones.has(b)) return { status: 404, body: { error: `unknown phone ${b}` } };
      if (!c && method === 'GET') return { status: 200, body: sim.world.publicPhone(b) };
      if (!c && (method === 'PATCH' || method === 'POST')) {
        for (const [k, v] of Object.entries(body)) sim.world.setPhoneField(b, k, v);
        return { status: 200, body: sim.world.publicPhone(b) };
      }
      if (c === 'approve-display-name' && method === 'POST') {
        sim.world.approveName(sim.world.getPhone(b));
        return { status: 200, body: sim.world.publicPhone(b) };
      }
      if (c === 'flips' && method === 'POST') {
        const flip = FlipSchema.safeParse(body);
        if (!flip.success) throw new Error(`invalid flip: ${z.prettifyError(flip.error)}`);
        const at = sim.world.scheduleFlip(b, flip.data.afterMs, flip.data.set);
        return { status: 200, body: { at, flips: sim.world.pendingFlips(b) } };
      }
      if (c === 'flips' && method === 'GET') return { status: 200, body: { flips: sim.world.pendingFlips(b) } };
    }
    if (a === 'businesses' && b && !c && method === 'PATCH') {
      const biz = sim.world.businesses.get(b);
      if (!biz) return { status: 404, body: { error: `unknown business ${b}` } };
      sim.world.setBusinessHealth(b, healthBody(body));
      return { status: 200, body: { id: b, health: biz.health ?? null } };
    }
    if (a === 'wabas' && b && !c && method === 'PATCH') {
      const waba = sim.world.wabas.get(b);
      if (!waba) return { status: 404, body: { error: `unknown WABA ${b}` } };
      sim.world.setWabaHealth(b, healthBody(body));
      return { status: 200, body: { id: b, health: waba.health ?? null, health_status: sim.world.wabaHealth(waba) } };
    }
    if (a === 'app' && !b && method === 'PATCH') {
      sim.world.setAppHealth(healthBody(body));
      return { status: 200, body: { id: sim.world.app.id, health: sim.world.appHealth ?? null } };
    }
    if (a === 'faults') {
      if (method === 'GET') return { status: 200, body: { faults: sim.faults.list() } };
      if (method === 'POST') {
        const spec = FaultSchema.parse(body) as FaultSpec;
        return { status: 200, body: { id: sim.faults.add(spec) } };
      }
      if (method === 'DELETE') {
        if (b) return { status: sim.faults.remove(b) ? 200 : 404, body: { ok: true } };
        sim.faults.clear();
        return { status: 200, body: { ok: true } };
      }
    }
    if (a === 'reset' && method === 'POST') {
      sim.reset(typeof body.scenario === 'string' ? body.scenario : undefined);
      return { status: 200, body: { ok: true, scenario: sim.scenarioName } };
    }
    if (a === 'advance' && method === 'POST') {
      sim.clock.advance(Number(body.ms));
      return { status: 200, body: { now: sim.clock.now() } };
    }
    if (a === 'tokens' && b === 'invalidate' && method === 'POST') {
      sim.world.invalidateToken(String(body.token), (body.reason as InvalidationReason | undefined) ?? 'expired');
      return { status: 200, body: { ok: true } };
    }
    if (a === 'latency' && method === 'POST') {
      const ms = Number(body.ms);
      if (!Number.isFinite(ms) || ms < 0) throw new Error('ms must be >= 0');
      sim.latencyMs = ms;
      return { status: 200, body: { latencyMs: ms } };
    }
    return { status: 404, body: { error: `no control endpoint ${method} ${url.pathname}` } };
  } catch (e) {
    return { status: 400, body: { error: (e as Error).message } };
  }
}
