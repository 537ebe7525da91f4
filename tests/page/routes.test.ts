import { describe, expect, it } from 'vitest';
import { pageWabaId } from '@/lib/page/routes';

const B = 'https://business.facebook.com';

describe('pageWabaId: the WABA a WhatsApp Manager page shows', () => {
  it('reads waba_id, and asset_id on the /latest/whatsapp_manager/ routes', () => {
    expect(pageWabaId(`${B}/wa/manage/phone-numbers/?waba_id=115263748291034&business_id=2`)).toBe('115263748291034');
    expect(pageWabaId(`${B}/latest/whatsapp_manager/phone_numbers/?asset_id=115263748291034&business_id=2`)).toBe('115263748291034');
  });

  it('names none when the URL does not (or names something else): the page reads every WABA', () => {
    expect(pageWabaId(`${B}/wa/manage/home/?business_id=2`)).toBeUndefined();
    expect(pageWabaId(`${B}/latest/home?asset_id=115263748291034`)).toBeUndefined();
    expect(pageWabaId(`${B}/wa/manage/phone-numbers/?waba_id=abc`)).toBeUndefined();
    expect(pageWabaId('not a url')).toBeUndefined();
  });
});
