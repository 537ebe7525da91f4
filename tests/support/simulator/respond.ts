// Turns (fault?, graph call) into what goes on the wire: a Graph outcome (possibly a fault-injected
// error or a truncated body), a raw non-Graph response, or a dropped response (reset / null item).

import { GraphError, errorEnvelope, errorForCode } from './errors.ts';
import { HTML_ERROR_PAGE, type ActiveFault } from './faults.ts';
import { splitPath, targetsFor, type GraphOutcome, type SimRuntime } from './router.ts';

export type Resolved =
  | { type: 'graph'; outcome: GraphOutcome; text: string; status: number }
  | { type: 'raw'; status: number; body: string; contentType: string }
  | { type: 'drop' };

const HTML_TYPE = 'text/html; charset="utf-8"';

export function faultError(rt: SimRuntime, f: ActiveFault): GraphError | undefined {
  switch (f.kind) {
    case 'error': {
      const base = errorForCode(f.code, f.subcode, rt.world.now());
      return new GraphError({
        ...base.spec,
        ...(f.subcode !== undefined ? { subcode: f.subcode } : {}),
        ...(f.message !== undefined ? { message: f.message } : {}),
        ...(f.status !== undefined ? { status: f.status } : {}),
        ...(f.transient !== undefined ? { transient: f.transient } : {}),
        ...(f.type !== undefined ? { type: f.type } : {}),
        ...(f.userTitle !== undefined ? { userTitle: f.userTitle } : {}),
        ...(f.userMsg !== undefined ? { userMsg: f.userMsg } : {}),
        ...(f.details !== undefined ? { details: f.details } : {}),
      });
    }
    case 'rate_limit': {
      const base = errorForCode(f.code ?? 80008, undefined, rt.world.now());
      return new GraphError({
        ...base.spec,
        regainMinutes: f.regainMinutes ?? 5,
        ...(f.status !== undefined ? { status: f.status } : {}),
      });
    }
    case 'token':
      return errorForCode(190, f.subcode ?? 463, rt.world.now());
    default:
      return undefined;
  }
}

export function resolveWithFault(
  rt: SimRuntime,
  fault: ActiveFault | undefined,
  call: { pathname: string; version: string; trace: string; run: () => GraphOutcome },
): Resolved {
  if (!fault || fault.kind === 'latency') {
    const outcome = call.run();
    return { type: 'graph', outcome, text: JSON.stringify(outcome.body), status: outcome.status };
  }
  switch (fault.kind) {
    case 'reset':
    case 'batch_null':
      return { type: 'drop' };
    case 'http':
      return {
        type: 'raw',
        status: fault.status ?? 502,
        body: fault.body ?? HTML_ERROR_PAGE,
        contentType: fault.contentType ?? HTML_TYPE,
      };
    case 'malformed': {
      if (fault.variant === 'html') return { type: 'raw', status: fault.status ?? 200, body: HTML_ERROR_PAGE, contentType: HTML_TYPE };
      if (fault.variant === 'empty')
        return { type: 'raw', status: fault.status ?? 200, body: '', contentType: 'application/json; charset=UTF-8' };
      if (fault.variant === 'not_json')
        return { type: 'raw', status: fault.status ?? 200, body: 'Service temporarily unavailable', contentType: 'text/plain' };
      // truncated: the real response (state changes happen!) cut in half
      const outcome = call.run();
      const full = JSON.stringify(outcome.body);
      return {
        type: 'graph',
        outcome,
        text: full.slice(0, Math.max(1, Math.floor(full.length / 2))),
        status: fault.status ?? outcome.status,
      };
    }
    default: {
      const err = faultError(rt, fault)!;
      const outcome: GraphOutcome = {
        status: err.status,
        body: errorEnvelope(err.spec, call.trace),
        version: call.version,
        targets: targetsFor(rt.world, splitPath(call.pathname).segments),
        error: err,
      };
      if (err.spec.regainMinutes !== undefined) outcome.usageOverride = { regainMinutes: err.spec.regainMinutes, app: err.spec.code === 4 };
      return { type: 'graph', outcome, text: JSON.stringify(outcome.body), status: outcome.status };
    }
  }
}
