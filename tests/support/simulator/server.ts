// The HTTPS server: Host-based dispatch (business.facebook.com -> WhatsApp Manager pages, anything
// else -> Graph), request log, latency, fault injection, usage headers, /__sim/ control endpoints.

import { createServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { handleBatch } from './batch.ts';
import type { SimCertificate } from './certs.ts';
import { SimClock } from './clock.ts';
import { handleControl } from './control.ts';
import { randomTraceId } from './errors.ts';
import { FaultRegistry, type FaultSpec } from './faults.ts';
import { renderManagerPage } from './manager.ts';
import { resolveWithFault } from './respond.ts';
import { handleGraph, normalizedPath, splitPath, versionFor, type AuthScheme, type GraphOutcome, type SimRuntime } from './router.ts';
import { loadScenarioFile, resolveScenario, type ResolvedScenario, type Scenario } from './scenario.ts';
import { World } from './state.ts';
import { UsageTracker, type UsageOverride } from './usage.ts';

export interface LoggedRequest {
  /** 1-based sequence number */
  seq: number;
  /** simulator clock (ms since epoch) when the request arrived */
  time: number;
  method: string;
  /** Host header without port, lower-case */
  host: string;
  /** pathname as received (incl. version prefix) */
  path: string;
  /** request target as received (path + query) */
  url: string;
  query: Record<string, string>;
  /** how the Graph access token was passed */
  auth: AuthScheme;
  token?: string;
  headers: Record<string, string>;
  /** raw request body */
  body: string;
  /** batch items, for batch requests */
  batch?: Array<{ method: string; relative_url: string }>;
  /** HTTP status sent (0 until answered, or if the connection was reset by a fault) */
  status: number;
  /** facebook-api-version of the answer (Graph only) */
  version?: string;
  durationMs?: number;
}

export interface SimServerOptions {
  latencyMs?: number;
  maxPageSize?: number;
}

export type ScenarioInput = string | Scenario;

export function loadScenario(input: ScenarioInput | undefined): { resolved: ResolvedScenario; name: string } {
  if (input === undefined || typeof input === 'string') {
    const name = input ?? 'default';
    return { resolved: loadScenarioFile(name), name };
  }
  return { resolved: resolveScenario(input, `scenario object "${input.name}"`), name: input.name };
}

/** Host business.facebook.com gets WhatsApp Manager pages; any other Host is served as graph.facebook.com. */
export class SimServer {
  readonly clock = new SimClock();
  world!: World;
  usage!: UsageTracker;
  readonly faults = new FaultRegistry();
  readonly log: LoggedRequest[] = [];
  scenarioName: string;
  scenarioInput: ScenarioInput | undefined;
  latencyMs: number;
  maxPageSize?: number;
  private seq = 0;
  private server: Server;
  private timers = new Set<NodeJS.Timeout>();
  private closed = false;

  constructor(
    scenario: ScenarioInput | undefined,
    opts: SimServerOptions,
    readonly cert: SimCertificate,
  ) {
    this.latencyMs = opts.latencyMs ?? 0;
    this.maxPageSize = opts.maxPageSize;
    this.scenarioInput = scenario;
    this.scenarioName = '';
    this.reset(scenario);
    this.server = createServer({ cert: cert.certPem, key: cert.keyPem }, (req, res) => {
      this.handle(req, res).catch((e) => {
        console.error('[graph-sim] request failed', e);
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
        res.end('simulator error');
      });
    });
    this.server.keepAliveTimeout = 5000;
  }

  get runtime(): SimRuntime {
    return { world: this.world, usage: this.usage, faults: this.faults, maxPageSize: this.maxPageSize };
  }

  /** Reload the scenario (same one unless given), clear log, faults, usage and clock offset. */
  reset(scenario?: ScenarioInput): void {
    if (scenario !== undefined) this.scenarioInput = scenario;
    const { resolved, name } = loadScenario(this.scenarioInput);
    this.scenarioName = name;
    this.clock.reset();
    this.world = new World(resolved, this.clock);
    this.usage = new UsageTracker(() => this.clock.now(), { ...this.world.limits });
    this.faults.clear();
    for (const f of resolved.faults ?? []) this.faults.add(f as FaultSpec);
    this.log.length = 0;
  }

  async listen(port = 0): Promise<number> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, '127.0.0.1', () => {
        this.server.off('error', reject);
        resolve();
      });
    });
    return (this.server.address() as AddressInfo).port;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }

  private sleep(ms: number): Promise<void> {
    if (ms <= 0) return Promise.resolve();
    return new Promise((resolve) => {
      const t = setTimeout(() => {
        this.timers.delete(t);
        resolve();
      }, ms);
      this.timers.add(t);
    });
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const startedAt = Date.now();
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const url = new URL(req.url ?? '/', 'https://graph.facebook.com');
    const method = (req.method ?? 'GET').toUpperCase();
    const host = (req.headers.host ?? '').toLowerCase().replace(/:\d+$/, '');

    if (url.pathname === '/__sim' || url.pathname.startsWith('/__sim/')) {
      const out = await handleControl(this, method, url, raw);
      res.writeHead(out.status, { 'content-type': 'application/json; charset=UTF-8', 'cache-control': 'no-store' });
      res.end(JSON.stringify(out.body));
      return;
    }

    const headers: Record<string, string> = {};
    for (const [k, val] of Object.entries(req.headers)) if (val !== undefined) headers[k] = Array.isArray(val) ? val.join(', ') : val;
    const entry: LoggedRequest = {
      seq: ++this.seq,
      time: this.clock.now(),
      method,
      host,
      path: url.pathname,
      url: req.url ?? '/',
      query: Object.fromEntries(url.searchParams),
      auth: 'none',
      headers,
      body: raw,
      status: 0,
    };
    this.log.push(entry);
    res.on('finish', () => {
      entry.status = res.statusCode;
      entry.durationMs = Date.now() - startedAt;
    });

    if (host === 'business.facebook.com') {
      await this.sleep(this.latencyMs);
      if (this.closed) return;
      const page = renderManagerPage(this.world, url);
      res.writeHead(page.status, page.headers);
      res.end(method === 'HEAD' ? undefined : page.body);
      return;
    }
    await this.handleGraphHttp(req, res, entry, url, method, raw);
  }

  private async handleGraphHttp(
    req: IncomingMessage,
    res: ServerResponse,
    entry: LoggedRequest,
    url: URL,
    method: string,
    raw: string,
  ): Promise<void> {
    const rt = this.runtime;
    const trace = randomTraceId();

    // body params: form-urlencoded (default) or JSON
    const ct = String(req.headers['content-type'] ?? '').toLowerCase();
    let body = new URLSearchParams();
    if (raw && method !== 'GET' && method !== 'HEAD') {
      if (ct.includes('application/json')) {
        try {
          const obj: unknown = JSON.parse(raw);
          if (obj && typeof obj === 'object' && !Array.isArray(obj))
            for (const [k, val] of Object.entries(obj as Record<string, unknown>))
              body.append(k, typeof val === 'string' ? val : JSON.stringify(val));
        } catch {
          /* an unparsable JSON body behaves like no params */
        }
      } else body = new URLSearchParams(raw);
    }

    // token: access_token parameter (query, then body) or Authorization: Bearer/OAuth header
    let token: string | undefined;
    let auth: AuthScheme = 'none';
    const authz = /^(?:Bearer|OAuth)\s+(\S+)\s*$/i.exec(String(req.headers.authorization ?? ''));
    if (url.searchParams.get('access_token')) {
      token = url.searchParams.get('access_token')!;
      auth = 'query';
    } else if (body.get('access_token')) {
      token = body.get('access_token')!;
      auth = 'body';
    } else if (authz) {
      token = authz[1]!;
      auth = 'bearer';
    }
    entry.auth = auth;
    entry.token = token;

    if (method === 'OPTIONS') {
      await this.sleep(this.latencyMs);
      const h = this.graphHeaders(versionFor(rt, url.pathname), trace, [], undefined);
      h['access-control-allow-methods'] = 'GET, POST, DELETE';
      h['access-control-allow-headers'] = String(req.headers['access-control-request-headers'] ?? 'authorization, content-type');
      h['access-control-max-age'] = '86400';
      entry.version = h['facebook-api-version'];
      res.writeHead(200, h);
      res.end();
      return;
    }

    const split = splitPath(url.pathname);
    const fault = this.faults.take({ method, path: normalizedPath(url.pathname), phoneId: split.segments[0], scope: 'top' });
    await this.sleep(this.latencyMs + (fault?.latencyMs ?? 0));
    if (this.closed) return;

    const isBatch = method === 'POST' && split.segments.length === 0;
    let extraLatency = 0;
    const params = new URLSearchParams([...url.searchParams, ...body]);
    const run = (): GraphOutcome => {
      if (isBatch) {
        const b = handleBatch(rt, { pathname: url.pathname, params, token, authScheme: auth }, trace);
        extraLatency = b.latencyMs;
        if (b.logged) entry.batch = b.logged;
        return b.outcome;
      }
      return handleGraph(
        rt,
        {
          method,
          pathname: url.pathname,
          query: url.searchParams,
          body,
          token,
          authScheme: auth,
          urlToken: auth === 'query' ? token : undefined,
        },
        trace,
      );
    };
    const resolved = resolveWithFault(rt, fault, { pathname: url.pathname, version: versionFor(rt, url.pathname), trace, run });
    if (extraLatency) await this.sleep(extraLatency);
    if (this.closed) return;

    if (resolved.type === 'drop') {
      entry.status = 0;
      req.socket.destroy();
      return;
    }
    if (resolved.type === 'raw') {
      const h = this.graphHeaders(versionFor(rt, url.pathname), trace, [], undefined);
      h['content-type'] = resolved.contentType;
      entry.version = h['facebook-api-version'];
      res.writeHead(resolved.status, h);
      res.end(resolved.body);
      return;
    }
    const { outcome } = resolved;
    let targets = outcome.targets;
    if (!targets.length && outcome.usageOverride && token) {
      const t = this.world.tokens.get(token);
      const b = t ? this.world.visibleBusinesses(t)[0] : undefined;
      targets = [b?.id ?? this.world.app.id];
    }
    const h = this.graphHeaders(outcome.version, trace, targets, outcome.usageOverride);
    const www = outcome.error?.wwwAuthenticate();
    if (www) h['www-authenticate'] = www;
    entry.version = outcome.version;
    res.writeHead(resolved.status, h);
    res.end(resolved.text);
  }

  graphHeaders(version: string, trace: string, targets: string[], override: UsageOverride | undefined): Record<string, string> {
    return {
      'content-type': 'application/json; charset=UTF-8',
      'facebook-api-version': version,
      'x-fb-trace-id': trace,
      'x-fb-request-id': randomTraceId(22),
      'x-fb-rev': '1024968215',
      'x-fb-debug': randomTraceId(88),
      'X-App-Usage': this.usage.appHeader(override),
      'X-Business-Use-Case-Usage': this.usage.bucHeader(targets, override),
      'access-control-allow-origin': '*',
      'cache-control': 'private, no-cache, no-store, must-revalidate',
      pragma: 'no-cache',
      expires: 'Sat, 01 Jan 2000 00:00:00 GMT',
      'strict-transport-security': 'max-age=15552000; preload',
    };
  }
}
