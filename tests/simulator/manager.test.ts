import { describe, expect, it } from 'vitest';
import { DECOY_NUMBERS, LATE_RENDER_MS, formatForManager } from '../support/simulator/index.ts';
import { IDS, raw, simulatorForSuite } from './helpers.ts';

const B = 'https://business.facebook.com';
const SALES_NUMBERS = ['+1 555-010-0001', '+1 555-010-0002', '+1 555-010-0003', '+55 11 95555-0003'];

describe('WhatsApp Manager pages', () => {
  const sim = simulatorForSuite();

  const page = (path: string) => raw(sim, B + path);

  it('formats stored numbers the way WhatsApp Manager shows them', () => {
    expect(formatForManager('15550100002')).toBe('+1 555-010-0002');
    expect(formatForManager('+55 11 95555-0003')).toBe('+55 11 95555-0003');
    expect(formatForManager('5511955550003')).toBe('+55 11 95555-0003');
  });

  it('table layout (default): numbers in <td><div><span>, status / quality / limit columns, strict CSP with nonce', async () => {
    const r = await page(`/wa/manage/phone-numbers/?waba_id=${IDS.wabaSales}&business_id=${IDS.business}`);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toMatch(/^text\/html/);
    for (const n of SALES_NUMBERS) expect(r.text).toContain(`<td><div><span>${n}</span></div></td>`);
    expect(r.text).not.toContain('+1 555-010-0005'); // other WABA
    for (const col of ['Status', 'Quality rating', 'Messaging limit']) expect(r.text).toContain(`<th>${col}</th>`);
    expect(r.text).toContain('<span>Pending</span>');
    expect(r.text).toContain('<span>2K customers in 24 hours</span>');
    const csp = r.headers.get('content-security-policy') ?? '';
    const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
    expect(nonce).toBeTruthy();
    expect(csp).toContain("require-trusted-types-for 'script'");
    expect(csp).toContain("object-src 'none'");
    expect(r.text).toContain(`<style nonce="${nonce}">`);
    // decoys
    for (const d of DECOY_NUMBERS) expect(r.text).toContain(d);
    expect(r.text).toContain(`>${IDS.wabaSales}</span>`);
    expect(r.text).toContain('$1,234.56');
    expect(r.text).toContain('2026-07-31');
    // nonce changes per response
    const again = await page(`/wa/manage/phone-numbers/?waba_id=${IDS.wabaSales}&business_id=${IDS.business}`);
    expect(again.headers.get('content-security-policy')).not.toBe(csp);
  });

  it('grid layout splits numbers across inline spans', async () => {
    const r = await page(`/wa/manage/phone-numbers/?waba_id=${IDS.wabaSales}&business_id=${IDS.business}&layout=grid`);
    expect(r.text).toContain('<span>+1 555</span><span>-010-0001</span>');
    expect(r.text).toContain('<span>+55 11 95555</span><span>-0003</span>');
    expect(r.text).toContain('role="grid"');
    expect(r.text).not.toContain('<span>+1 555-010-0001</span>');
  });

  it('late layout ships no rows, only data + a nonce script that renders after ~800 ms', async () => {
    const r = await page(`/latest/whatsapp_manager/phone_numbers/?business_id=${IDS.business}&asset_id=${IDS.wabaClient}&layout=late`);
    expect(r.status).toBe(200);
    expect(r.text).not.toContain('<td><div><span>+1 555-010-0009</span>');
    const data = JSON.parse(/<script type="application\/json" id="wam-data">([\s\S]*?)<\/script>/.exec(r.text)![1]!);
    expect(data.layout).toBe('late');
    expect(data.lateMs).toBe(LATE_RENDER_MS);
    expect(data.wabas[IDS.wabaClient].rows.map((x: any) => x.number)).toEqual(['+1 555-010-0009', '+1 555-010-0010']);
    const nonce = /'nonce-([^']+)'/.exec(r.headers.get('content-security-policy') ?? '')![1];
    expect(r.text).toContain(`<script nonce="${nonce}">`);
    expect(r.text).toContain('setTimeout');
  });

  it('spa layout links every WABA of the portfolio and handles pushState/popstate', async () => {
    const r = await page(`/wa/manage/phone-numbers/?waba_id=${IDS.wabaSales}&business_id=${IDS.business}&layout=spa`);
    for (const w of [IDS.wabaSales, IDS.wabaSupport, IDS.wabaClient]) expect(r.text).toContain(`data-waba="${w}"`);
    expect(r.text).toContain('history.pushState');
    expect(r.text).toContain("addEventListener('popstate'");
    const data = JSON.parse(/<script type="application\/json" id="wam-data">([\s\S]*?)<\/script>/.exec(r.text)![1]!);
    expect(Object.keys(data.wabas).sort()).toEqual([IDS.wabaSales, IDS.wabaSupport, IDS.wabaClient].sort());
    expect(data.wabas[IDS.wabaSupport].rows.map((x: any) => x.number)).toContain('+44 7700 900008');
    for (const n of SALES_NUMBERS) expect(r.text).toContain(`<span>${n}</span>`);
  });

  it('pages reflect live state', async () => {
    sim.setPhoneField(IDS.stuckNoPin, 'status', 'CONNECTED');
    const r = await page(`/wa/manage/phone-numbers/?waba_id=${IDS.wabaSales}&business_id=${IDS.business}`);
    const row = r.text.split('<tr class="wam-row">').find((x) => x.includes('+1 555-010-0002'))!;
    expect(row).toContain('<span>Connected</span>');
    sim.reset();
  });

  it('other business.facebook.com paths get a simple 200 page; graph hosts never serve pages', async () => {
    const r = await page('/settings/whatsapp-business-accounts/');
    expect(r.status).toBe(200);
    expect(r.text).toContain('Meta Business Suite');
    const g = await raw(sim, `https://graph.facebook.com/wa/manage/phone-numbers/?waba_id=${IDS.wabaSales}`);
    expect(g.headers.get('content-type')).toBe('application/json; charset=UTF-8');
    expect(sim.requests.at(-1)?.host).toBe('graph.facebook.com');
    expect(sim.requests.at(-2)?.host).toBe('business.facebook.com');
  });
});

describe('Business Suite layout (suite): in-app navigation into and out of WhatsApp Manager', () => {
  it('serves a home view on a non-WhatsApp Manager path, with no number in it, and links that move with pushState', async () => {
    const { startGraphSimulator } = await import('../support/simulator/index.ts');
    const sim = await startGraphSimulator({ scenario: 'default' });
    try {
      const home = await sim.fetch(`https://business.facebook.com/latest/home?layout=suite&business_id=${IDS.business}`);
      const html = await home.text();
      expect(home.status).toBe(200);
      expect(html).toContain('<section id="suite-home">');
      expect(html).toContain('<main id="wam-main" hidden>');
      expect(html).toMatch(/data-route="wam"/);
      // No row rendered (the numbers are only in the page's JSON data, which no one renders until then).
      expect(html).toMatch(/<tbody id="wam-rows">\s*<\/tbody>/);
      const wam = await (
        await sim.fetch(
          `https://business.facebook.com/latest/whatsapp_manager/phone_numbers/?layout=suite&business_id=${IDS.business}&asset_id=${IDS.wabaSales}`,
        )
      ).text();
      expect(wam).toContain('<section id="suite-home" hidden>');
      expect(wam).toContain('<main id="wam-main">');
      expect(wam).toContain('+1 555-010-0001');
      // The page's own script is valid JavaScript (a syntax error would silently turn navigation into reloads).
      const script = /<script nonce="[^"]+">([\s\S]*?)<\/script>/.exec(html)?.[1];
      expect(script).toBeDefined();
      expect(() => new Function(script!)).not.toThrow();
    } finally {
      await sim.close();
    }
  });
});
