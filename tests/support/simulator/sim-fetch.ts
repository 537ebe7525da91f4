// A WHATWG-compatible fetch for Node code that sends requests over REAL HTTPS to the simulator:
// https://graph.facebook.com/… and https://business.facebook.com/… (and the simulator's own origin)
// are connected to 127.0.0.1:<port> with SNI + Host of the original hostname, trusting only the
// simulator's certificate. Any other URL is passed to the global fetch.

import { Agent, request } from 'node:https';
import { isIP } from 'node:net';

export interface SimFetch {
  fetch: typeof fetch;
  close(): void;
}

const ROUTED_HOSTS = new Set(['graph.facebook.com', 'business.facebook.com']);

export function createSimFetch(port: number, certPem: string): SimFetch {
  const agent = new Agent({ keepAlive: true, ca: certPem, maxSockets: 64 });

  const routed = (u: URL) =>
    u.protocol === 'https:' &&
    (ROUTED_HOSTS.has(u.hostname) || ((u.hostname === '127.0.0.1' || u.hostname === 'localhost') && Number(u.port || 443) === port));

  const simFetch = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const req = new Request(input, init);
    const url = new URL(req.url);
    if (!routed(url)) return globalThis.fetch(input, init);
    const signal = req.signal;
    if (signal.aborted) throw signal.reason ?? new DOMException('This operation was aborted', 'AbortError');
    const body = req.body ? Buffer.from(await req.arrayBuffer()) : undefined;

    const headers: Record<string, string> = {};
    req.headers.forEach((v, k) => (headers[k] = v));
    headers.host = url.host;
    headers.accept ??= '*/*';
    headers['user-agent'] ??= 'node-sim-fetch';
    if (body) headers['content-length'] = String(body.length);

    return new Promise<Response>((resolve, reject) => {
      let settled = false;
      const fail = (e: unknown) => {
        if (settled) return;
        settled = true;
        reject(e);
      };
      const onAbort = () => {
        fail(signal.reason ?? new DOMException('This operation was aborted', 'AbortError'));
        r.destroy();
      };
      const r = request(
        {
          host: '127.0.0.1',
          port,
          method: req.method,
          path: url.pathname + url.search,
          headers,
          agent,
          servername: isIP(url.hostname) ? undefined : url.hostname,
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('error', (e) => fail(new TypeError('fetch failed', { cause: e })));
          res.on('aborted', () => fail(new TypeError('fetch failed', { cause: new Error('terminated') })));
          res.on('end', () => {
            if (settled) return;
            settled = true;
            signal.removeEventListener('abort', onAbort);
            const status = res.statusCode ?? 0;
            const h = new Headers();
            for (let i = 0; i + 1 < res.rawHeaders.length; i += 2) h.append(res.rawHeaders[i]!, res.rawHeaders[i + 1]!);
            const nullBody = status === 204 || status === 205 || status === 304 || req.method === 'HEAD';
            const response = new Response(nullBody ? null : Buffer.concat(chunks), {
              status,
              statusText: res.statusMessage ?? '',
              headers: h,
            });
            Object.defineProperty(response, 'url', { value: url.toString() });
            resolve(response);
          });
        },
      );
      r.on('error', (e) => {
        signal.removeEventListener('abort', onAbort);
        fail(new TypeError('fetch failed', { cause: e }));
      });
      signal.addEventListener('abort', onAbort, { once: true });
      r.end(body);
    });
  };

  return { fetch: simFetch as typeof fetch, close: () => agent.destroy() };
}
