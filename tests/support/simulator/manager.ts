// WhatsApp Manager-like pages on business.facebook.com:
//   /wa/manage/phone-numbers/?waba_id=…&business_id=…
//   /latest/whatsapp_manager/phone_numbers/?business_id=…&asset_id=…
// `layout` = table (default) | grid | late (rows rendered by script after ~800 ms) | spa (WABA links
// switch the list with history.pushState, popstate handled) | suite (Business Suite: served on any path;
// "Home" and "WhatsApp Manager" links move between a home view and the phone list with
// history.pushState, the list unmounted when away, as Meta's single-page app does). Pages carry a strict CSP with a per-
// response nonce for the page's own inline script/style, and decoys (untracked numbers, long ids,
// dates, amounts) that a content script must not mistake for tracked numbers.

import { randomBytes } from 'node:crypto';
import type { WabaSpec } from './scenario.ts';
import type { World } from './state.ts';

export interface PageResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export const MANAGER_LAYOUTS = ['table', 'grid', 'late', 'spa', 'suite'] as const;
export type ManagerLayout = (typeof MANAGER_LAYOUTS)[number];
export const LATE_RENDER_MS = 800;
/** Shown on every phone-number page, never part of any scenario. */
export const DECOY_NUMBERS = ['+1 555-010-0999', '+1 650-555-0142'];

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** WhatsApp Manager shows numbers in international format regardless of how Graph stores them. */
export function formatForManager(display: string): string {
  if (display.trim().startsWith('+')) return display.trim();
  const d = display.replace(/\D/g, '');
  if (d.length === 11 && d.startsWith('1')) return `+1 ${d.slice(1, 4)}-${d.slice(4, 7)}-${d.slice(7)}`;
  if (d.length === 13 && d.startsWith('55')) return `+55 ${d.slice(2, 4)} ${d.slice(4, 9)}-${d.slice(9)}`;
  if (d.startsWith('44')) return `+44 ${d.slice(2, 6)} ${d.slice(6)}`;
  return `+${d.slice(0, 2)} ${d.slice(2)}`;
}

function title(raw: string): string {
  const s = raw.toLowerCase().replace(/_/g, ' ');
  return s.charAt(0).toUpperCase() + s.slice(1);
}
const QUALITY: Record<string, string> = { GREEN: 'High', YELLOW: 'Medium', RED: 'Low', NA: 'N/A', UNKNOWN: 'Unknown' };
const LIMIT: Record<string, string> = {
  TIER_50: '50 customers in 24 hours',
  TIER_250: '250 customers in 24 hours',
  TIER_1K: '1K customers in 24 hours',
  TIER_2K: '2K customers in 24 hours',
  TIER_10K: '10K customers in 24 hours',
  TIER_100K: '100K customers in 24 hours',
  TIER_UNLIMITED: 'Unlimited',
  UNTIERED: 'Not set',
};

interface Row {
  number: string;
  name: string;
  nameStatus: string;
  status: string;
  quality: string;
  limit: string;
  added: string;
}
interface WabaView {
  id: string;
  name: string;
  rows: Row[];
}

function wabaView(world: World, waba: WabaSpec): WabaView {
  const rows = (world.phonesByWaba.get(waba.id) ?? []).map((p) => {
    world.tick(p);
    const f = p.f;
    const lim = String(f.whatsapp_business_manager_messaging_limit ?? f.messaging_limit_tier ?? '');
    const onboarded = typeof f.last_onboarded_time === 'string' ? f.last_onboarded_time.slice(0, 10) : '';
    return {
      number: formatForManager(String(f.display_phone_number ?? '')),
      name: String(f.verified_name ?? ''),
      nameStatus: title(String(f.new_name_status ?? f.name_status ?? '')),
      status: title(String(f.status ?? 'UNKNOWN')),
      quality: QUALITY[String(f.quality_rating)] ?? title(String(f.quality_rating ?? 'UNKNOWN')),
      limit: LIMIT[lim] ?? title(lim || 'Unknown'),
      added: onboarded,
    };
  });
  return { id: waba.id, name: waba.name, rows };
}

function splitNumber(n: string): [string, string] {
  let i = n.indexOf('-');
  if (i <= 0) i = n.lastIndexOf(' ');
  if (i <= 0) i = Math.floor(n.length / 2);
  return [n.slice(0, i), n.slice(i)];
}

function tableRows(v: WabaView): string {
  return v.rows
    .map(
      (r) => `<tr class="wam-row">
  <td><div><span>${esc(r.number)}</span></div></td>
  <td><div><span>${esc(r.name)}</span></div><div class="sub">${esc(r.nameStatus)}</div></td>
  <td><div><span>${esc(r.status)}</span></div></td>
  <td><div><span>${esc(r.quality)}</span></div></td>
  <td><div><span>${esc(r.limit)}</span></div></td>
  <td><div><span>${esc(r.added)}</span></div></td>
  <td><div><button type="button" aria-label="Settings">&#9881;</button></div></td>
</tr>`,
    )
    .join('\n');
}

const HEAD_CELLS = ['Phone number', 'Display name', 'Status', 'Quality rating', 'Messaging limit', 'Added', ''];

function tableHtml(_v: WabaView, bodyRows: string): string {
  return `<table class="wam-table" aria-label="Phone numbers">
<thead><tr>${HEAD_CELLS.map((h) => `<th>${h}</th>`).join('')}</tr></thead>
<tbody id="wam-rows">
${bodyRows}
</tbody></table>`;
}

function gridHtml(v: WabaView): string {
  const rows = v.rows
    .map((r) => {
      const [a, b] = splitNumber(r.number);
      return `<div role="row" class="wam-grid-row">
  <div role="gridcell"><span>${esc(a)}</span><span>${esc(b)}</span></div>
  <div role="gridcell"><span>${esc(r.name)}</span></div>
  <div role="gridcell"><span>${esc(r.status)}</span></div>
  <div role="gridcell"><span>${esc(r.quality)}</span></div>
  <div role="gridcell"><span>${esc(r.limit)}</span></div>
  <div role="gridcell"><span>${esc(r.added)}</span></div>
</div>`;
    })
    .join('\n');
  return `<div role="grid" class="wam-grid" aria-label="Phone numbers">
<div role="row" class="wam-grid-row wam-grid-head">${HEAD_CELLS.slice(0, 6)
    .map((h) => `<div role="columnheader">${h}</div>`)
    .join('')}</div>
${rows}
</div>`;
}

// Renders rows with DOM APIs only (the page enforces Trusted Types, so no innerHTML).
const CLIENT_SCRIPT = `
(function () {
  var data = JSON.parse(document.getElementById('wam-data').textContent);
  function cell(text, sub) {
    var td = document.createElement('td');
    var div = document.createElement('div');
    var span = document.createElement('span');
    span.textContent = text;
    div.appendChild(span);
    td.appendChild(div);
    if (sub) { var s = document.createElement('div'); s.className = 'sub'; s.textContent = sub; td.appendChild(s); }
    return td;
  }
  function render(wabaId) {
    var view = data.wabas[wabaId] || { id: wabaId, name: 'Unknown account', rows: [] };
    var tbody = document.getElementById('wam-rows');
    while (tbody.firstChild) tbody.removeChild(tbody.firstChild);
    view.rows.forEach(function (r) {
      var tr = document.createElement('tr');
      tr.className = 'wam-row';
      tr.appendChild(cell(r.number));
      tr.appendChild(cell(r.name, r.nameStatus));
      tr.appendChild(cell(r.status));
      tr.appendChild(cell(r.quality));
      tr.appendChild(cell(r.limit));
      tr.appendChild(cell(r.added));
      tbody.appendChild(tr);
    });
    document.getElementById('wam-waba-name').textContent = view.name;
    document.getElementById('wam-waba-id').textContent = view.id;
    document.getElementById('wam-count').textContent = String(view.rows.length);
    var links = document.querySelectorAll('a[data-waba]');
    for (var i = 0; i < links.length; i++) {
      if (links[i].getAttribute('data-waba') === wabaId) links[i].setAttribute('aria-current', 'page');
      else links[i].removeAttribute('aria-current');
    }
  }
  function currentWaba() {
    var q = new URLSearchParams(location.search);
    return q.get('waba_id') || q.get('asset_id') || data.initial;
  }
  if (data.layout === 'late') {
    setTimeout(function () { render(data.initial); document.body.setAttribute('data-loaded', 'true'); }, data.lateMs);
  }
  if (data.layout === 'suite') {
    var isManager = function () { var p = location.pathname; return p.indexOf('/wa/manage/phone-numbers') === 0 || p.indexOf('/latest/whatsapp_manager/phone_numbers') === 0; };
    var apply = function () {
      var manager = isManager();
      document.getElementById('wam-main').hidden = !manager;
      document.getElementById('suite-home').hidden = manager;
      if (manager) render(currentWaba());
      else { var tb = document.getElementById('wam-rows'); while (tb.firstChild) tb.removeChild(tb.firstChild); }
    };
    document.addEventListener('click', function (e) {
      var a = e.target && e.target.closest ? e.target.closest('a[data-route]') : null;
      if (!a) return;
      e.preventDefault();
      history.pushState({}, '', a.getAttribute('href'));
      apply();
    });
    window.addEventListener('popstate', apply);
    apply();
  }
  if (data.layout === 'spa') {
    document.addEventListener('click', function (e) {
      var a = e.target && e.target.closest ? e.target.closest('a[data-waba]') : null;
      if (!a) return;
      e.preventDefault();
      history.pushState({ waba: a.getAttribute('data-waba') }, '', a.getAttribute('href'));
      render(a.getAttribute('data-waba'));
    });
    window.addEventListener('popstate', function () { render(currentWaba()); });
  }
})();
`;

function securityHeaders(nonce: string): Record<string, string> {
  return {
    'content-type': 'text/html; charset="utf-8"',
    'content-security-policy': [
      "default-src 'self'",
      `script-src 'nonce-${nonce}' 'strict-dynamic'`,
      `style-src 'self' 'nonce-${nonce}'`,
      "img-src 'self' data:",
      "connect-src 'self'",
      "font-src 'self'",
      "object-src 'none'",
      "base-uri 'self'",
      "form-action 'self'",
      "frame-ancestors 'none'",
      "require-trusted-types-for 'script'",
    ].join('; '),
    'x-frame-options': 'DENY',
    'x-content-type-options': 'nosniff',
    'cache-control': 'private, no-cache, no-store, must-revalidate',
    'strict-transport-security': 'max-age=15552000; preload',
  };
}

const STYLE = `
body{font-family:Helvetica,Arial,sans-serif;margin:0;color:#1c2b33}
header{padding:12px 24px;border-bottom:1px solid #dadde1}
nav a{margin-right:12px}nav a[aria-current]{font-weight:bold}
main{padding:16px 24px}
.wam-table{border-collapse:collapse;width:100%}.wam-table td,.wam-table th{padding:8px;border-bottom:1px solid #eee;text-align:left}
.wam-grid{display:grid;gap:4px}.wam-grid-row{display:grid;grid-template-columns:repeat(6,1fr);gap:8px;padding:6px 0;border-bottom:1px solid #eee}
.sub{font-size:12px;color:#65676b}
aside{margin-top:24px;font-size:13px;color:#65676b}
`;

export function isManagerPhonePath(pathname: string): boolean {
  return /^\/wa\/manage\/phone-numbers\/?$/.test(pathname) || /^\/latest\/whatsapp_manager\/phone_numbers\/?$/.test(pathname);
}

export function renderManagerPage(world: World, url: URL): PageResponse {
  const nonce = randomBytes(12).toString('base64');
  const headers = securityHeaders(nonce);
  const suite = url.searchParams.get('layout') === 'suite';
  if (!isManagerPhonePath(url.pathname) && !suite) {
    return {
      status: 200,
      headers,
      body: `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Meta Business Suite</title></head>
<body><h1>Meta Business Suite</h1><p>Simulated page: ${esc(url.pathname)}</p></body></html>`,
    };
  }
  const q = url.searchParams;
  const layoutParam = q.get('layout') ?? 'table';
  const layout: ManagerLayout = (MANAGER_LAYOUTS as readonly string[]).includes(layoutParam) ? (layoutParam as ManagerLayout) : 'table';
  let waba = world.wabas.get(q.get('waba_id') ?? q.get('asset_id') ?? '');
  const businessId = q.get('business_id') ?? waba?.owner_business_id ?? '';
  const portfolio = [...world.wabas.values()].filter(
    (w) => w.owner_business_id === businessId || (w.client_business_ids ?? []).includes(businessId),
  );
  waba ??= portfolio[0];
  const business = world.businesses.get(businessId);
  const views: Record<string, WabaView> = {};
  for (const w of portfolio.length ? portfolio : waba ? [waba] : []) views[w.id] = wabaView(world, w);
  const current = waba ? (views[waba.id] ?? wabaView(world, waba)) : { id: '', name: 'No WhatsApp Business Account', rows: [] };
  views[current.id] = current;

  const basePath = url.pathname;
  const linkFor = (w: WabaSpec) => {
    const sp = new URLSearchParams(q);
    sp.set(basePath.startsWith('/latest/') ? 'asset_id' : 'waba_id', w.id);
    sp.set('business_id', businessId);
    return `${basePath}?${sp.toString()}`;
  };
  const nav = (layout === 'spa' ? portfolio : [])
    .map(
      (w) => `<a href="${esc(linkFor(w))}" data-waba="${esc(w.id)}"${w.id === current.id ? ' aria-current="page"' : ''}>${esc(w.name)}</a>`,
    )
    .join('\n');

  let list: string;
  if (layout === 'grid') list = gridHtml(current);
  else if (layout === 'late') list = tableHtml(current, `<!-- rows are rendered by script after ${LATE_RENDER_MS} ms -->`);
  else list = tableHtml(current, layout === 'suite' && !isManagerPhonePath(url.pathname) ? '' : tableRows(current));

  const needsScript = layout === 'late' || layout === 'spa' || layout === 'suite';
  const suiteLink = (path: string, extra: Record<string, string>) =>
    `${path}?${new URLSearchParams({ layout: 'suite', business_id: businessId, ...extra }).toString()}`;
  const suiteNav =
    layout === 'suite'
      ? `<nav aria-label="Business Suite"><a href="${esc(suiteLink('/latest/home', {}))}" data-route="home">Home</a>
<a href="${esc(suiteLink('/latest/whatsapp_manager/phone_numbers/', { asset_id: current.id }))}" data-route="wam">WhatsApp Manager</a></nav>`
      : '';
  const onManager = isManagerPhonePath(url.pathname);
  const data = needsScript
    ? `<script type="application/json" id="wam-data">${JSON.stringify({
        layout,
        initial: current.id,
        lateMs: LATE_RENDER_MS,
        wabas: views,
      }).replace(/</g, '\\u003c')}</script>
<script nonce="${nonce}">${CLIENT_SCRIPT}</script>`
    : '';

  const body = `<!DOCTYPE html>
<html lang="en" id="facebook"><head><meta charset="utf-8"><title>Phone numbers - WhatsApp Manager</title>
<style nonce="${nonce}">${STYLE}</style></head>
<body data-layout="${layout}">
<header>
  <div class="crumbs"><span>WhatsApp Manager</span> &rsaquo; <span>Account tools</span> &rsaquo; <span>Phone numbers</span></div>
  <div>Business portfolio: <span>${esc(business?.name ?? 'Unknown portfolio')}</span> &middot; ID <span>${esc(businessId)}</span></div>
  ${nav ? `<nav aria-label="WhatsApp Business Accounts">${nav}</nav>` : ''}
  ${suiteNav}
</header>
${layout === 'suite' ? `<section id="suite-home"${onManager ? ' hidden' : ''}><h1>Business Suite home</h1><p>Posts, inbox and ads.</p></section>` : ''}
<main id="wam-main"${layout === 'suite' && !onManager ? ' hidden' : ''}>
  <h1>Phone numbers</h1>
  <div class="account">WhatsApp Business Account: <span id="wam-waba-name">${esc(current.name)}</span>
    &middot; ID <span id="wam-waba-id">${esc(current.id)}</span> &middot; <span id="wam-count">${current.rows.length}</span> numbers</div>
  <div class="billing">Estimated charges this month: <span>$1,234.56</span> &middot; Conversations: <span>12,345</span>
    &middot; Billing cycle ends <span>2026-07-31</span> &middot; App ID <span>${esc(world.app.id)}</span></div>
  ${list}
  <section class="test-numbers"><h2>Test numbers</h2>
    <table><tbody><tr><td><div><span>${DECOY_NUMBERS[0]}</span></div></td><td><span>Test number (not connected)</span></td><td><span>Added 2024-01-15</span></td></tr></tbody></table>
  </section>
  <aside>Need help? Call Meta support at <span>${DECOY_NUMBERS[1]}</span> (Mon-Fri) or quote case <span>4815162342108</span>.
    Last updated <span>Aug 22, 2023</span>.</aside>
</main>
${data}
</body></html>`;
  return { status: 200, headers, body };
}
