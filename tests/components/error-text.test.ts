import { describe, expect, it } from 'vitest';
import { GraphError } from '@/lib/graph/errors';
import { t } from '@/lib/i18n';
import { InfoError } from '@/lib/info-error';
import {
  checkNowText,
  errorText,
  nextStepText,
  refusalText,
  scopeBlocksText,
  storedErrorInfo,
  toErrorInfo,
  tokenProblemText,
  whatHappenedText,
} from '@/lib/ui/error-text';

describe('error texts for people', () => {
  it('words the next step by id, and none without one', () => {
    expect(nextStepText({ nextStep: 'wrongPin' })).toMatch(/PIN does not match/);
    expect(nextStepText({ nextStep: 'certificate' })).toMatch(/certificate/);
    expect(nextStepText({ nextStep: 'auth' })).toMatch(/no longer accepts this access token/);
    expect(nextStepText({ nextStep: 'checkDetails' })).toBe(t('uiNextCheckDetails'));
    expect(nextStepText({})).toBeUndefined();
  });

  it('words the ownership verification errors with what to do next, with the wait Meta gives (133008/133009)', () => {
    expect(storedErrorInfo({ kind: 'user_action', message: 'Request code error', code: 136024 })).toMatchObject({
      nextStep: 'alreadyVerified',
    });
    expect(storedErrorInfo({ kind: 'user_action', message: 'Verify code error', code: 136025 })).toMatchObject({ nextStep: 'wrongCode' });
    expect(storedErrorInfo({ kind: 'user_action', message: 'Re-verification needed', code: 133006 })).toMatchObject({
      nextStep: 'reverify',
    });
    const tooMany = storedErrorInfo({ kind: 'user_action', message: 'Too many', code: 133008, details: 'Retry in 4 hours' });
    expect(tooMany).toMatchObject({ nextStep: 'tooManyAttempts', wait: 'Retry in 4 hours' });
    expect(nextStepText(tooMany)).toBe(t('uiNextTooManyAttemptsWait', ['Retry in 4 hours']));
    expect(nextStepText(tooMany)).toContain('“Retry in 4 hours”');
    const tooFast = storedErrorInfo({ kind: 'user_action', message: 'Too fast', code: 133009 });
    expect(tooFast).not.toHaveProperty('wait');
    expect(nextStepText(tooFast)).toBe(t('uiNextTooManyAttempts'));
    // Meta's details of other errors are not a wait.
    expect(storedErrorInfo({ kind: 'user_action', message: 'x', code: 136025, details: 'The code is wrong' })).not.toHaveProperty('wait');
    expect(nextStepText({ nextStep: 'alreadyVerified' })).toMatch(/Complete the registration/);
    expect(nextStepText({ nextStep: 'wrongCode' })).toMatch(/send a new code/);
    expect(nextStepText({ nextStep: 'reverify' })).toMatch(/Verify ownership/);
    expect(refusalText({ status: 'refused', reason: 'needs_verification' }, 0)).toBe(t('uiRefusedNeedsVerification'));
  });

  it("shows our text by id or Meta's words, always with Meta's code, without repeating it", () => {
    expect(whatHappenedText({ metaMessage: 'PIN mismatch (Meta error 133005)', code: 133005 })).toBe('PIN mismatch (Meta error 133005)');
    expect(whatHappenedText({ metaMessage: 'PIN mismatch', code: 133005 })).toBe('PIN mismatch (Meta error 133005)');
    expect(whatHappenedText({ metaMessage: 'Cannot create', code: 100, subcode: 2388001 })).toBe('Cannot create (Meta error 100/2388001)');
    expect(whatHappenedText({ problem: 'optionsGraphVersionInvalid', values: ['v25.0', 'v24.0'] })).toBe(
      'A Graph API version looks like v25.0 and is v24.0 or later.',
    );
    expect(whatHappenedText({ problem: 'errTokenNotValid', code: 190 })).toBe('Meta says this token is not valid. (Meta error 190)');
    expect(whatHappenedText({ metaMessage: '  ' })).toBe('Unknown error');
    expect(errorText({ metaMessage: 'PIN mismatch', code: 133005, nextStep: 'wrongPin' })).toBe(
      `PIN mismatch (Meta error 133005) ${t('uiNextWrongPin')}`,
    );
  });

  it('turns a stored failure into ids: Meta’s words kept, local causes and internal failures by id, next step from the code', () => {
    expect(storedErrorInfo({ kind: 'user_action', message: 'Mismatch', userTitle: 'PIN', userMessage: 'Wrong PIN', code: 133005 })).toEqual(
      {
        metaMessage: 'PIN: Wrong PIN',
        nextStep: 'wrongPin',
        code: 133005,
        kind: 'user_action',
      },
    );
    // A local failure's message is the Graph client's developer note: never shown.
    const timeout = storedErrorInfo({ kind: 'transient', message: 'Graph API did not answer within 100 ms.', local: 'timeout' });
    expect(timeout).toEqual({ problem: 'errGraphTimeout', nextStep: 'transient', kind: 'transient' });
    expect(storedErrorInfo({ kind: 'internal', message: 'TypeError: x is undefined' })).toEqual({
      problem: 'errUnexpected',
      kind: 'internal',
    });
    expect(storedErrorInfo({ kind: 'user_action', message: 'Odd', code: 999 })).toMatchObject({ nextStep: 'checkDetails' });
    expect(storedErrorInfo({ kind: 'user_action', message: '' })).toEqual({ kind: 'user_action' });
    // Meta answered an error without words: ours say so, with the HTTP status (nothing made up in English).
    const wordless = storedErrorInfo({ kind: 'transient', message: '', httpStatus: 502 });
    expect(wordless).toEqual({ problem: 'errMetaNoWords', values: ['502'], nextStep: 'transient', kind: 'transient' });
    expect(whatHappenedText(wordless)).toBe('Meta answered with an error (HTTP 502) without saying what went wrong.');
  });

  it('unwraps the background answer of a failed request; anything else is unexpected, never its English', () => {
    expect(toErrorInfo(new InfoError({ metaMessage: 'm', code: 190 }))).toEqual({ metaMessage: 'm', code: 190 });
    expect(toErrorInfo(new GraphError({ message: 'Network request to the Graph API failed', local: 'network' }))).toMatchObject({
      problem: 'errGraphNetwork',
    });
    expect(toErrorInfo(new Error('boom'))).toEqual({ problem: 'errUnexpected', kind: 'internal' });
    expect(whatHappenedText(toErrorInfo(new Error('boom')))).toBe(t('errUnexpected'));
  });

  it('explains refusals by reason, with the next possible time', () => {
    const now = Date.UTC(2026, 0, 1, 12);
    const text = refusalText({ status: 'refused', reason: 'budget', until: now + 30 * 60_000 }, now);
    expect(text).toMatch(/^This number used its 10 registration attempts/);
    expect(text).toContain('Next possible: in 30 min');
    expect(refusalText({ status: 'refused', reason: 'brand_new' }, now)).toBe(t('uiRefusedUnknown'));
  });

  it('words token problems, scopes and check results', () => {
    expect(tokenProblemText('whitespace')).toMatch(/spaces/);
    expect(scopeBlocksText('whatsapp_business_messaging')).toMatch(/register/);
    expect(scopeBlocksText('made_up_scope')).toBe('Some features may not work.');
    expect(checkNowText({ status: 'done', numbers: 4 })).toBe('Checked 4 numbers just now.');
    expect(checkNowText({ status: 'skipped', reason: 'running' })).toBe('A check is already running.');
  });
});
