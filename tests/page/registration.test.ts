import { t } from '@/lib/i18n';
import { describe, expect, it } from 'vitest';
import { describeFailure, describeReply } from '@/lib/page/registration';
import { errorText } from '@/lib/ui/reply-text';

describe('registration outcomes in words', () => {
  it('maps every reply to what the page shows', () => {
    expect(describeReply({ status: 'registered' })).toMatchObject({ phase: 'done', tone: 'success' });
    expect(describeReply({ status: 'registered', pinSaved: true }).message).toMatch(/new two-step verification PIN/);
    expect(describeReply({ status: 'pin_needed' })).toMatchObject({ phase: 'pin', tone: 'info' });
    expect(describeReply({ status: 'failed', error: { metaMessage: 'PIN mismatch (Meta error 133005)', code: 133005 } })).toMatchObject({
      phase: 'pin',
      tone: 'error',
    });
    expect(
      describeReply({ status: 'failed', error: { metaMessage: 'Cannot Create Certificate (Meta error 100/2388001)', code: 100 } }),
    ).toMatchObject({ phase: 'error' });
    // A refusal in the person's language from its reason, a general one for a reason this page does not know.
    expect(describeReply({ status: 'refused', reason: 'budget' })).toEqual({
      phase: 'error',
      tone: 'error',
      message: t('uiRefusedBudget'),
    });
    expect(describeReply({ status: 'refused', reason: 'something_new' }).message).toBe(t('uiRefusedUnknown'));
  });

  it('always carries Meta’s code, once', () => {
    // What to do next comes from the error's id, in the person's language.
    expect(errorText({ metaMessage: 'Bad (Meta error 133005)', code: 133005, nextStep: 'wrongPin' })).toBe(
      `Bad (Meta error 133005) ${t('uiNextWrongPin')}`,
    );
    expect(errorText({ metaMessage: 'Bad', code: 4242, nextStep: 'checkDetails' })).toBe(
      `Bad (Meta error 4242) ${t('uiNextCheckDetails')}`,
    );
    expect(errorText({ metaMessage: 'Bad' })).toBe('Bad');
    expect(errorText({ problem: 'errNotAllowed', kind: 'forbidden' })).toBe(t('errNotAllowed'));
  });

  it('explains a transport failure', () => {
    expect(describeFailure(new Error('x')).message).toMatch(/did not answer/);
  });
});
