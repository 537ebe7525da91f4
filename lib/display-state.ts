import type { DisplayNumber, DisplayState } from './messages/protocol';
import type { Accounts, NumberState, TokenStatus } from './storage/schemas';
import { whatsappManagerUrl } from './whatsapp-manager-url';

/** Display data of tracked numbers: what the content script and lists may see. No token, no PINs. */
export function buildDisplayState(numbers: Record<string, NumberState>, accounts: Accounts, token: TokenStatus): DisplayState {
  const list: DisplayNumber[] = Object.values(numbers).map((n) => {
    const waba = accounts.wabas[n.wabaId];
    const snap: Record<string, unknown> = n.snapshot ?? {};
    return {
      id: n.id,
      wabaId: n.wabaId,
      displayPhoneNumber: typeof snap.display_phone_number === 'string' ? snap.display_phone_number : undefined,
      verifiedName: typeof snap.verified_name === 'string' ? snap.verified_name : undefined,
      health: n.health,
      reasons: n.reasons,
      decision: n.decision,
      lastReadAt: n.lastReadAt,
      stale: n.stale,
      managerUrl: whatsappManagerUrl({ businessId: waba?.businessId, wabaId: n.wabaId }),
    };
  });
  return { tokenState: token.state, numbers: list };
}
