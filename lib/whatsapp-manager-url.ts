/**
 * Links into Meta's WhatsApp Manager. `business_id` is the business PORTFOLIO id and `asset_id` the WABA id
 * (the seed system used the WABA id as business_id and opened the wrong business).
 */
export const WHATSAPP_MANAGER_BASE = 'https://business.facebook.com/latest/whatsapp_manager/phone_numbers/';

export function whatsappManagerUrl(opts: { businessId?: string; wabaId?: string }): string {
  const url = new URL(WHATSAPP_MANAGER_BASE);
  if (opts.businessId) url.searchParams.set('business_id', opts.businessId);
  if (opts.wabaId) url.searchParams.set('asset_id', opts.wabaId);
  return url.toString();
}
