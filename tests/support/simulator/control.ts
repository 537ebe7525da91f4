// HTTP control endpoints under /__sim/ (for driving the simulator from another process, e.g. the
// CLI-started server used by a demo or a benchmark). JSON in, JSON out. Never logged.
//
//   GET    /__sim/state                          scenario, clock, tokens, businesses, WABAs, phones, faults, usage
//   GET    /__sim/log[?since=<seq>]              { requests: LoggedRequest[] }
//   DELETE /__sim/log                            clear the request log
//   GET    /__sim/phones/<id>                    public fields of a number
//   PATCH  /__sim/phones/<id>                    body { "<field>": value, … } (any public field, or "pin")
//   POST   /__sim/phones/<id>/approve-display-name
//   GET    /__sim/faults | POST /__sim/faults (FaultSpec JSON, path = regex source) | DELETE /__sim/faults[/<id>]
//   POST   /__sim/reset                          body { "scenario"?: "<name>" }
//   POST   /__sim/advance                        body { "ms": <number> }
//   POST   /__sim/tokens/invalidate              body { "token": "…", "reason"?: "expired"|"password_changed"|"logged_out" }
//   POST   /__sim/latency                        body { "ms": <number> }

import { FaultSchema, type FaultSpec } from './faults.ts';
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
    app: w.app,
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
    businesses: [...w.businesses.values()].map((b) => ({ id: b.id, name: b.name })),
    wabas: [...w.wabas.values()].map((x) => ({
      id: x.id,
      name: x.name,
      owner_business_id: x.owner_business_id,
      client_business_ids: x.client_business_ids ?? [],
      phone_ids: (w.phonesByWaba.get(x.id) ?? []).map((p) => p.id),
    })),
    phones: Object.fromEntries([...w.phones.keys()].map((id) => [id, { ...w.publicPhone(id), label: w.phones.get(id)?.label }])),
    faults: sim.faults.list(),
    usage: {
      app_calls_last_hour: sim.usage.appCount(),
      buc_calls_last_hour: Object.fromEntries([...w.wabas.keys()].map((id) => [id, sim.usage.bucCount(id)])),
    },
  };
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
