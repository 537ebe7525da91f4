import { describe, expect, it } from 'vitest';
import { InfoError } from '@/lib/info-error';
import {
  checkNowText,
  nextStepText,
  refusalText,
  scopeBlocksText,
  toErrorInfo,
  tokenProblemText,
  whatHappenedText,
} from '@/lib/ui/error-text';

describe('error texts for people', () => {
  it('gives the next step for Meta codes, falling back to the background action', () => {
    expect(nextStepText({ message: 'x', code: 133005 })).toMatch(/PIN does not match/);
    expect(nextStepText({ message: 'x', code: 100, subcode: 2388001 })).toMatch(/certificate/);
    expect(nextStepText({ message: 'x', kind: 'auth' })).toMatch(/no longer accepts this access token/);
    expect(nextStepText({ message: 'x', code: 999, action: 'Do the thing.' })).toBe('Do the thing.');
    expect(nextStepText({ message: 'x' })).toBeUndefined();
  });

  it("always shows Meta's code, without repeating it", () => {
    expect(whatHappenedText({ message: 'PIN mismatch (Meta error 133005)', code: 133005 })).toBe('PIN mismatch (Meta error 133005)');
    expect(whatHappenedText({ message: 'PIN mismatch', code: 133005 })).toBe('PIN mismatch (Meta error 133005)');
    expect(whatHappenedText({ message: 'Cannot create', code: 100, subcode: 2388001 })).toBe('Cannot create (Meta error 100/2388001)');
    expect(whatHappenedText({ message: '' })).toBe('Unknown error');
  });

  it('unwraps the background answer of a failed request', () => {
    expect(toErrorInfo(new InfoError({ message: 'm', code: 190 }))).toEqual({ message: 'm', code: 190 });
    expect(toErrorInfo(new Error('boom'))).toMatchObject({ message: 'boom' });
  });

  it('explains refusals with the next possible time', () => {
    const now = Date.UTC(2026, 0, 1, 12);
    const text = refusalText({ status: 'refused', reason: 'budget', until: now + 30 * 60_000, message: 'english' }, now);
    expect(text).toMatch(/^This number used its 10 registration attempts/);
    expect(text).toContain('Next possible: in 30 min');
    expect(refusalText({ status: 'refused', reason: 'brand_new', message: 'From the background.' }, now)).toBe('From the background.');
  });

  it('words token problems, scopes and check results', () => {
    expect(tokenProblemText('whitespace')).toMatch(/spaces/);
    expect(scopeBlocksText('whatsapp_business_messaging')).toMatch(/register/);
    expect(scopeBlocksText('made_up_scope')).toBe('Some features may not work.');
    expect(checkNowText({ status: 'done', numbers: 4 })).toBe('Checked 4 numbers just now.');
    expect(checkNowText({ status: 'skipped', reason: 'running' })).toBe('A check is already running.');
  });
});
