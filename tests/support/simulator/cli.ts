// Start the Graph API simulator from the command line (demo, benchmark, manual e2e):
//   npx tsx tests/support/simulator/cli.ts --scenario default --port 8443 [--latency 150] [--max-page-size 5]
// Prints the origin, SPKI hash, tokens and Chromium flags; Ctrl-C to stop. Drive it from another
// process through the /__sim/ control endpoints (see control.ts).

import { parseArgs } from 'node:util';
import { startGraphSimulator } from './index.ts';

const { values } = parseArgs({
  options: {
    scenario: { type: 'string', default: 'default' },
    port: { type: 'string', default: '8443' },
    latency: { type: 'string', default: '0' },
    'max-page-size': { type: 'string' },
    json: { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  },
});

if (values.help) {
  console.log(
    'usage: npx tsx tests/support/simulator/cli.ts [--scenario default] [--port 8443] [--latency ms] [--max-page-size n] [--json]',
  );
  process.exit(0);
}

const num = (name: string, v: string | undefined): number | undefined => {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) {
    console.error(`--${name} must be a non-negative integer (got "${v}")`);
    process.exit(2);
  }
  return n;
};

const sim = await startGraphSimulator({
  scenario: values.scenario,
  port: num('port', values.port),
  latencyMs: num('latency', values.latency),
  maxPageSize: num('max-page-size', values['max-page-size']),
});

const state = sim.state();
if (values.json) {
  console.log(
    JSON.stringify({ origin: sim.origin, port: sim.port, spkiHash: sim.spkiHash, tokens: sim.tokens, chromiumArgs: sim.chromiumArgs() }),
  );
} else {
  const wabas = state.wabas as Array<{ id: string; name: string; phone_ids: string[] }>;
  console.log(`Graph API simulator — scenario "${String(state.scenario)}"`);
  console.log(`origin     ${sim.origin}   (graph.facebook.com + business.facebook.com via Host header)`);
  console.log(`spki hash  ${sim.spkiHash}`);
  for (const [role, token] of Object.entries(sim.tokens)) if (token) console.log(`token      ${role.padEnd(9)} ${token}`);
  console.log(`wabas      ${wabas.length}, phone numbers ${wabas.reduce((n, w) => n + w.phone_ids.length, 0)}`);
  console.log(`chromium   ${sim.chromiumArgs().join(' ')}`);
  console.log(`control    ${sim.origin}/__sim/state  (log, phones/<id>, faults, reset, advance, latency)`);
}

const stop = async () => {
  await sim.close();
  process.exit(0);
};
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
