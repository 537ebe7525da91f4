import type { DebugTokenData } from '../graph/schemas';
import type { TokenStatus } from '../storage/schemas';
import { TOKEN_EXPIRY_WARNING_MS } from './notifications';

/** Scopes WABA Health needs (what each one blocks when missing: lib/ui/error-text.ts scopeBlocksText). */
export const REQUIRED_SCOPES = ['whatsapp_business_management', 'whatsapp_business_messaging'] as const;
export const HELPFUL_SCOPES = ['business_management'] as const;

export function tokenStatusFromDebug(data: DebugTokenData, ctx: { now: number; generation: number }): TokenStatus {
  const scopes = [...(data.scopes ?? [])];
  const missing = [...REQUIRED_SCOPES, ...HELPFUL_SCOPES].filter((s) => !scopes.includes(s));
  const expiresAtSec = typeof data.expires_at === 'number' ? data.expires_at : undefined;
  return {
    state: data.is_valid === false ? 'invalid' : 'valid',
    type: data.type ?? undefined,
    application: data.application ?? undefined,
    expiresAt: expiresAtSec === undefined ? undefined : expiresAtSec === 0 ? null : expiresAtSec * 1000,
    scopes,
    missingScopes: missing,
    checkedAt: ctx.now,
    generation: ctx.generation,
  };
}

export function expiresSoon(status: TokenStatus, now: number): boolean {
  return typeof status.expiresAt === 'number' && status.expiresAt - now < TOKEN_EXPIRY_WARNING_MS;
}

/** WABA ids a token was granted through granular scopes (Embedded Signup and system users with assets). */
export function grantedWabaIds(data: DebugTokenData): string[] {
  const ids = new Set<string>();
  for (const g of data.granular_scopes ?? []) {
    if (g.scope !== 'whatsapp_business_management' && g.scope !== 'whatsapp_business_messaging') continue;
    for (const id of g.target_ids ?? []) if (/^\d+$/.test(id)) ids.add(id);
  }
  return [...ids];
}
