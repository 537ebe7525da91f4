import { t } from '@/lib/i18n';
import { describe, expect, it } from 'vitest';
import { describeError, describeFailure, describeReply } from '@/lib/page/registration';

describe('registration outcomes in words', () => {
  it('maps every reply to what the page shows', () => {
    expect(describeReply({ status: 'registered' })).toMatchObject({ phase: 'done', tone: 'success' });
    expect(describeReply({ status: 'registered', pinSaved: true }).message).toMatch(/new two-step verification PIN/);
    expect(describeReply({ status: 'pin_needed' })).toMatchObject({ phase: 'pin', tone: 'info' });
    expect(describeReply({ status: 'failed', error: { message: 'PIN mismatch (Meta error 133005)', code: 133005 } })).toMatchObject({
      phase: 'pin',
      tone: 'error',
    });
    expect(
      describeReply({ status: 'failed', error: { message: 'Cannot Create Certificate (Meta error 100/2388001)', code: 100 } }),
    ).toMatchObject({ phase: 'error' });
    // A refusal in the person's language from its reason; the background's English only for an unknown reason.
    expect(describeReply({ status: 'refused', reason: 'budget', message: 'Wait.' })).toEqual({
      phase: 'error',
      tone: 'error',
      message: t('uiRefusedBudget'),
    });
    expect(describeReply({ status: 'refused', reason: 'something_new', message: 'Wait.' }).message).toBe('Wait.');
  });

  it('always carries Meta’s code, once', () => {
    // What to do next comes from the error's id, in the person's language; the background's `action` is the fallback.
    expect(describeError({ message: 'Bad (Meta error 133005)', code: 133005 })).toBe(`Bad (Meta error 133005) ${t('uiNextWrongPin')}`);
    expect(describeError({ message: 'Bad', code: 4242, action: 'Do this.' })).toBe('Bad (Meta error 4242) Do this.');
    expect(describeError({ message: 'Bad' })).toBe('Bad');
  });

  it('explains a transport failure', () => {
    expect(describeFailure(new Error('x')).message).toMatch(/did not answer/);
  });
});
