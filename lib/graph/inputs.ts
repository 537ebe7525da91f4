/**
 * Local validation of values sent to the Graph API. Each check throws a GraphError of kind user_action
 * (local cause 'invalid_input') before any request is made. Messages never echo the value.
 */
import { invalidInput } from './errors';

const ID_PATTERN = /^\d{1,32}$/;
const SIX_DIGITS = /^\d{6}$/;
/** WhatsApp language codes: `en`, `fil`, `en_US`, `pt_BR`. */
const LANGUAGE_PATTERN = /^[a-z]{2,3}(_[A-Z]{2})?$/;

export const CODE_METHODS = ['SMS', 'VOICE'] as const;
export type CodeMethod = (typeof CODE_METHODS)[number];

export function isGraphId(value: unknown): value is string {
  return typeof value === 'string' && ID_PATTERN.test(value);
}

/** Asserts a Graph node id (digits only). `label` names it in the error, e.g. "Phone number ID". */
export function assertGraphId(value: unknown, label: string): string {
  if (!isGraphId(value)) throw invalidInput(`${label} must be digits only.`);
  return value;
}

/** Asserts every id, and returns them de-duplicated in first-seen order. */
export function assertGraphIds(values: readonly unknown[], label: string): string[] {
  return [...new Set(values.map((v) => assertGraphId(v, label)))];
}

export function assertPin(pin: unknown): string {
  if (typeof pin !== 'string' || !SIX_DIGITS.test(pin)) {
    throw invalidInput('The two-step verification PIN must be exactly 6 digits.');
  }
  return pin;
}

export function assertVerificationCode(code: unknown): string {
  if (typeof code !== 'string' || !SIX_DIGITS.test(code)) {
    throw invalidInput('The verification code must be exactly 6 digits.');
  }
  return code;
}

export function assertCodeMethod(method: unknown): CodeMethod {
  if (method !== 'SMS' && method !== 'VOICE') throw invalidInput('The code method must be SMS or VOICE.');
  return method;
}

export function assertLanguage(language: unknown): string {
  if (typeof language !== 'string' || !LANGUAGE_PATTERN.test(language)) {
    throw invalidInput('The language must look like en_US.');
  }
  return language;
}
