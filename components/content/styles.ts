/**
 * Styles of the in-page UI, placed inside each shadow root. Hand-written rather than Tailwind: Tailwind v4
 * registers `@property` rules on the host document (WXT moves them out of the shadow root), which would
 * leak into Meta's page, and its preflight costs ~10 KB per badge root. Every size is in px: Meta's page
 * sets its own root font-size, and rem would follow it. `:host { all: initial }` cuts inherited styles
 * from the page; the shadow root keeps our selectors from reaching the page.
 */
const BASE = `
:host{all:initial !important;display:inline-block !important;vertical-align:middle !important;
  font:400 12px/16px system-ui,-apple-system,"Segoe UI",Roboto,Helvetica,Arial,sans-serif !important;
  color:#1c2b33 !important;letter-spacing:normal !important;text-align:left !important;white-space:normal !important}
*,*::before,*::after{box-sizing:border-box}
button,input{font:inherit;color:inherit;margin:0}
button{cursor:pointer}
:focus-visible{outline:2px solid #0a66c2;outline-offset:1px}
.vh{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
`;

export const BADGE_CSS = `${BASE}
:host{margin:0 0 0 6px !important}
.wrap{display:inline-flex;flex-wrap:wrap;align-items:center;gap:4px;max-width:340px}
.pill{display:inline-flex;align-items:center;gap:4px;height:20px;padding:0 8px;border-radius:10px;border:1px solid transparent;
  font-size:12px;font-weight:600;line-height:18px;background:#f1f3f4;color:#3c4043;white-space:nowrap}
.dot{width:8px;height:8px;border-radius:4px;background:#80868b;flex:none}
:host([data-health="healthy"]) .pill{background:#e6f4ea;color:#0d652d;border-color:#b7dfc3}
:host([data-health="healthy"]) .dot{background:#1e8e3e}
:host([data-health="attention"]) .pill{background:#fef7e0;color:#6b4500;border-color:#f5d98b}
:host([data-health="attention"]) .dot{background:#e3a008}
:host([data-health="stuck"]) .pill{background:#feefe3;color:#8a3c00;border-color:#f8c7a0}
:host([data-health="stuck"]) .dot{background:#e8710a}
:host([data-health="blocked"]) .pill{background:#fce8e6;color:#a50e0e;border-color:#f3b5af}
:host([data-health="blocked"]) .dot{background:#d93025}
.stale .pill{border-style:dashed;border-color:currentColor}
.act{height:22px;padding:0 8px;border-radius:6px;border:1px solid #0a66c2;background:#0a66c2;color:#fff;
  font-size:12px;font-weight:600;white-space:nowrap}
.act:hover{background:#004f9e}
.act[disabled]{opacity:.6;cursor:progress}
.frame{display:inline-block;flex:none;width:300px;height:96px;max-width:100%;margin:0;padding:0;vertical-align:middle;
  border:1px solid #ced0d4;border-radius:8px;background:transparent;color-scheme:normal}
.msg,.err{font-size:12px;line-height:16px;max-width:340px}
.msg:empty,.err:empty{display:none}
.msg.success{color:#0d652d}
.err{color:#a50e0e}
.pop{position:fixed;inset:auto;margin:0;z-index:2147483647;width:320px;max-width:calc(100vw - 16px);padding:12px;
  border:1px solid #ced0d4;border-radius:8px;background:#fff;color:#1c2b33;box-shadow:0 4px 16px rgba(0,0,0,.18);
  font:400 13px/18px system-ui,-apple-system,"Segoe UI",Roboto,Helvetica,Arial,sans-serif;text-align:left;
  overflow-wrap:anywhere;max-height:calc(100vh - 16px);overflow:auto}
.pop[hidden]{display:none}
.pop h2{margin:0 24px 2px 0;font-size:14px;line-height:18px;font-weight:600}
.pop p{margin:6px 0}
.pop ul{margin:6px 0;padding:0 0 0 18px}
.pop li{margin:2px 0}
.pop .num{color:#65676b}
.pop .muted{color:#65676b;font-size:12px}
.pop a{color:#0a66c2;text-decoration:underline}
.pop .close{position:absolute;top:8px;right:8px;width:24px;height:24px;border:0;border-radius:12px;background:transparent;
  font-size:16px;line-height:24px;color:#65676b}
.pop .close:hover{background:#f0f2f5}
`;

export const ROOT_CSS = `${BASE}
:host{display:contents !important}
.banner{position:fixed;right:16px;bottom:16px;z-index:2147483646;display:flex;align-items:center;gap:8px;
  padding:8px 8px 8px 12px;border-radius:8px;background:#1c2b33;color:#fff;box-shadow:0 4px 16px rgba(0,0,0,.25);
  font-size:13px;line-height:18px}
.banner[hidden]{display:none}
.banner button{height:24px;padding:0 8px;border:1px solid rgba(255,255,255,.5);border-radius:6px;background:transparent;color:#fff;font-size:12px}
`;
