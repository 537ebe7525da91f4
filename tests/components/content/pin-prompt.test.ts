// @vitest-environment jsdom
import { t } from '@/lib/i18n';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { mountPinPrompt, type PinPromptDeps } from '@/components/content/pin-prompt';
import type { RegisterReply } from '@/lib/messages/protocol';
import { InfoError } from '@/lib/info-error';
import { PIN_FRAME_MESSAGE, type PinFrameResult } from '@/lib/page/pin-frame';

const flush = () => new Promise((r) => setTimeout(r, 0));

function mount(deps: Partial<PinPromptDeps> = {}) {
  const register = vi.fn<PinPromptDeps['register']>();
  const post = vi.fn<(r: PinFrameResult) => void>();
  const prompt = mountPinPrompt(document, { phoneId: '1001', register, post, isTrusted: () => true, ...deps });
  const input = document.querySelector('input')!;
  const submit = () => document.querySelector('form')!.requestSubmit();
  const status = () => document.querySelector('[role=status]')!.textContent;
  const alert = () => document.querySelector('[role=alert]')!.textContent;
  return { prompt, register, post, input, submit, status, alert };
}

beforeEach(() => {
  document.body.innerHTML = '';
});

describe('PIN prompt frame', () => {
  it('has a labelled PIN textbox and a Register button, and says why it is there', () => {
    const { input, status } = mount();
    const label = document.querySelector(`label[for="${input.id}"]`)!;
    expect(label.textContent).toBe('Two-step verification PIN');
    expect(input.type).toBe('text');
    expect(input.inputMode).toBe('numeric');
    expect(input.autocomplete).toBe('off');
    expect(input.maxLength).toBe(6);
    expect(document.querySelector('button[type=submit]')!.textContent).toBe('Register');
    expect(status()).toBe('This number has a two-step verification PIN. Enter it to register.');
  });

  it('accepts exactly six digits', async () => {
    const { input, submit, register, alert } = mount();
    for (const bad of ['', '12345', '12ab56', '1234567']) {
      input.value = bad;
      submit();
      await flush();
      expect(alert()).toBe('The PIN has 6 digits.');
    }
    expect(register).not.toHaveBeenCalled();
  });

  it('sends the PIN to the background itself, and posts only the outcome', async () => {
    const { input, submit, register, post, status } = mount();
    let answer!: (r: RegisterReply) => void;
    register.mockReturnValue(new Promise((r) => (answer = r)));
    input.value = ' 246810 ';
    submit();
    expect(register).toHaveBeenCalledWith('1001', '246810');
    expect(status()).toBe('Registering…');
    expect(document.querySelector('button')!.disabled).toBe(true);
    submit(); // a second press while busy does nothing
    expect(register).toHaveBeenCalledTimes(1);
    answer({ status: 'registered', generatedPin: '999999', pinSaved: true } as RegisterReply);
    await flush();
    expect(input.value).toBe('');
    expect(status()).toMatch(/^Registered\./);
    expect(post).toHaveBeenCalledTimes(1);
    const [result] = post.mock.calls[0]!;
    expect(result).toEqual({ type: PIN_FRAME_MESSAGE, phoneId: '1001', reply: { status: 'registered', pinSaved: true } });
    expect(JSON.stringify(result)).not.toMatch(/246810|999999/);
  });

  it('asks again on a wrong PIN, with Meta’s code, without telling the page', async () => {
    const { input, submit, register, post, alert } = mount();
    register.mockResolvedValueOnce({
      status: 'failed',
      error: { metaMessage: 'Two-step verification PIN mismatch', code: 133005, nextStep: 'wrongPin' },
    });
    input.value = '111111';
    submit();
    await flush();
    expect(alert()).toBe(`Two-step verification PIN mismatch (Meta error 133005) ${t('uiNextWrongPin')}`);
    expect(input.value).toBe('');
    expect(document.activeElement).toBe(input);
    expect(post).not.toHaveBeenCalled();
  });

  it('hands other failures, refusals and transport errors to the badge', async () => {
    const { input, submit, register, post, alert } = mount();
    register.mockResolvedValueOnce({ status: 'failed', error: { metaMessage: 'Cannot Create Certificate', code: 100 } });
    input.value = '123456';
    submit();
    await flush();
    expect(alert()).toBe('Cannot Create Certificate (Meta error 100)');
    expect(post).toHaveBeenLastCalledWith({
      type: PIN_FRAME_MESSAGE,
      phoneId: '1001',
      reply: { status: 'failed', error: expect.objectContaining({ code: 100 }) },
    });

    register.mockRejectedValueOnce(new InfoError({ problem: 'errNotAllowed', kind: 'forbidden' }));
    input.value = '123456';
    submit();
    await flush();
    expect(alert()).toBe(t('errNotAllowed'));
    expect(post).toHaveBeenLastCalledWith({
      type: PIN_FRAME_MESSAGE,
      phoneId: '1001',
      error: expect.objectContaining({ kind: 'forbidden' }),
    });

    register.mockRejectedValueOnce(new Error('port closed'));
    input.value = '123456';
    submit();
    await flush();
    expect(post).toHaveBeenLastCalledWith({
      type: PIN_FRAME_MESSAGE,
      phoneId: '1001',
      error: expect.objectContaining({ kind: 'no_reply' }),
    });
    expect(JSON.stringify(post.mock.calls)).not.toContain('123456');
  });

  it('ignores an untrusted submit', async () => {
    // (jsdom marks requestSubmit's event trusted; in a browser a script's submit is not.)
    const { input, submit, register } = mount({ isTrusted: () => false });
    input.value = '123456';
    submit();
    await flush();
    expect(register).not.toHaveBeenCalled();
  });

  it('shows an error and no form when its URL names no number', () => {
    const { prompt } = { prompt: mountPinPrompt(document, { phoneId: null, register: vi.fn(), post: vi.fn() }) };
    expect(prompt.form).toBeNull();
    expect(document.querySelector('input')).toBeNull();
    expect(document.querySelector('[role=alert]')!.textContent).toMatch(/did not answer/);
  });
});

describe('PIN prompt frame: which number', () => {
  it('says which number the PIN registers, as the extension knows it (a page pointing the frame elsewhere cannot hide it)', async () => {
    const { mountPinPrompt } = await import('@/components/content/pin-prompt');
    document.body.innerHTML = '';
    mountPinPrompt(document, {
      phoneId: '106540352242904',
      register: async () => ({ status: 'registered' }),
      post: () => undefined,
      numberName: Promise.resolve('+1 555-010-0004 (Shop 04)'),
    });
    await Promise.resolve();
    await Promise.resolve();
    expect(document.querySelector('[role=status]')!.textContent).toBe(
      'Enter the two-step verification PIN of +1 555-010-0004 (Shop 04) to register it.',
    );
  });
});
