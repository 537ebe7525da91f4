// Registration family: POST /{phone}/register, POST /{phone} {pin}, request_code, verify_code.
// graph-api.md §5. Order of checks in register: params -> 72 h attempt limit (10 per moving window,
// the 11th answers 133016 and blocks 72 h) -> banned -> OTP verification -> PIN -> display name.

import { Errors } from './errors.ts';
import type { PhoneState, World } from './state.ts';

export const REGISTER_WINDOW_MS = 72 * 3_600_000;
export const REGISTER_MAX_ATTEMPTS = 10;
const LOCALIZATION_REGIONS = ['AU', 'ID', 'IN', 'JP', 'SG', 'KR', 'DE', 'CH', 'GB', 'BR', 'BH', 'ZA', 'AE', 'CA'];

export type Params = Map<string, string>;

function requirePin(params: Params): string {
  const pin = params.get('pin');
  if (pin === undefined || pin === '') throw Errors.param('The parameter pin is required.');
  if (!/^\d{6}$/.test(pin)) throw Errors.param('Param pin must be a 6-digit number');
  return pin;
}

function nameBlocked(p: PhoneState): boolean {
  return p.f.name_status === 'PENDING_REVIEW' || p.f.name_status === 'DECLINED' || p.f.new_name_status === 'PENDING_REVIEW';
}

export function register(world: World, p: PhoneState, params: Params): { success: true } {
  const mp = params.get('messaging_product');
  if (mp === undefined || mp === '') throw Errors.param('The parameter messaging_product is required.');
  if (mp.toLowerCase() !== 'whatsapp') throw Errors.param(`Param messaging_product must be one of {WHATSAPP} - got "${mp}".`);
  const pin = requirePin(params);
  const region = params.get('data_localization_region');
  if (region !== undefined && !LOCALIZATION_REGIONS.includes(region))
    throw Errors.param(`Param data_localization_region must be one of {${LOCALIZATION_REGIONS.join(', ')}} - got "${region}".`);

  const now = world.now();
  world.tick(p);
  if (now < p.registerBlockedUntil) throw Errors.registerLimit();
  p.registerAttempts = p.registerAttempts.filter((t) => t > now - REGISTER_WINDOW_MS);
  if (p.registerAttempts.length >= REGISTER_MAX_ATTEMPTS) {
    p.registerBlockedUntil = now + REGISTER_WINDOW_MS;
    throw Errors.registerLimit();
  }
  p.registerAttempts.push(now);

  if (p.f.status === 'BANNED') throw Errors.accountLocked();
  if (p.f.code_verification_status !== undefined && p.f.code_verification_status !== 'VERIFIED') throw Errors.needsReverification();
  if (p.pin !== null && p.pin !== pin) throw Errors.pinMismatch();
  if (nameBlocked(p)) throw Errors.cannotCreateCertificate();

  if (p.pin === null) p.pin = pin; // no 2SV yet: this PIN becomes the PIN
  const live = p.f.status === 'CONNECTED' && p.f.platform_type === 'CLOUD_API';
  if (live) world.applyApprovedNewName(p);
  else {
    p.provisionAt = now + p.provisionDelayMs;
    world.tick(p);
  }
  return { success: true };
}

/** POST /{phone}: pin (set/change 2SV PIN, no old PIN needed) and/or new_display_name. */
export function updatePhone(world: World, p: PhoneState, params: Params): { success: true } {
  world.tick(p);
  let handled = false;
  if (params.has('pin')) {
    p.pin = requirePin(params);
    handled = true;
  }
  const newName = params.get('new_display_name');
  if (newName !== undefined) {
    if (newName.trim() === '') throw Errors.param('Param new_display_name must be a non-empty string');
    p.f.new_display_name = newName;
    p.f.new_name_status = 'PENDING_REVIEW';
    handled = true;
  }
  if (!handled) throw Errors.param('No valid parameters were provided. Expected one of: pin, new_display_name.');
  return { success: true };
}

export function requestCode(world: World, p: PhoneState, params: Params): { success: true } {
  const method = params.get('code_method');
  if (!method) throw Errors.param('The parameter code_method is required.');
  if (!['SMS', 'VOICE'].includes(method.toUpperCase()))
    throw Errors.param(`Param code_method must be one of {SMS, VOICE} - got "${method}".`);
  const language = params.get('language');
  if (!language) throw Errors.param('The parameter language is required.');
  world.tick(p);
  if (p.f.code_verification_status === 'VERIFIED') throw Errors.requestCodeError();
  p.otpRequested = true;
  return { success: true };
}

export function verifyCode(world: World, p: PhoneState, params: Params): { success: true } {
  const code = params.get('code');
  if (!code) throw Errors.param('The parameter code is required.');
  world.tick(p);
  if (!p.otpRequested || code !== p.otp) throw Errors.verifyCodeError();
  p.otpRequested = false;
  p.f.code_verification_status = 'VERIFIED';
  return { success: true };
}
