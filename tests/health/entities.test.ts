import { describe, expect, it } from 'vitest';
import { parentProblems, problemHealth, problemKey } from '@/lib/health/entities';

const biz = (canSend: string, code = 141010) => ({
  entity_type: 'BUSINESS',
  id: '3',
  can_send_message: canSend,
  errors: [{ error_code: code, error_description: 'Not verified', possible_solution: 'Verify' }],
});

describe('parentProblems', () => {
  it('keeps one problem per entity above the number, never the number itself, never an AVAILABLE one', () => {
    const phone = { entity_type: 'PHONE_NUMBER', id: '1', can_send_message: 'LIMITED', additional_info: ['low quality'] };
    const waba = { entity_type: 'WABA', id: '2', can_send_message: 'AVAILABLE' };
    const problems = parentProblems([
      { can_send_message: 'LIMITED', entities: [phone, waba, biz('LIMITED')] },
      { can_send_message: 'LIMITED', entities: [{ ...phone, id: '9' }, waba, biz('LIMITED')] },
      undefined,
    ]);
    expect(problems).toEqual([
      {
        type: 'BUSINESS',
        id: '3',
        canSend: 'LIMITED',
        errors: [{ code: 141010, description: 'Not verified', solution: 'Verify' }],
        info: [],
      },
    ]);
  });

  it('leaves calling errors out, and an entity blocked only for calls is no problem', () => {
    const app = {
      entity_type: 'app',
      id: '7',
      can_send_message: 'LIMITED',
      can_receive_call_sip: 'BLOCKED',
      additional_info: ['Limited for a while'],
      errors: [{ error_code: 138024, error_description: 'SIP not configured' }],
    };
    expect(parentProblems([{ entities: [app] }])).toEqual([
      { type: 'APP', id: '7', canSend: 'LIMITED', errors: [], info: ['Limited for a while'] },
    ]);
    expect(parentProblems([{ entities: [{ ...app, can_send_message: 'AVAILABLE' }] }])).toEqual([]);
  });

  it('tells problems apart by entity, state and codes; weighs BLOCKED as blocked', () => {
    const [limited] = parentProblems([{ entities: [biz('LIMITED')] }]);
    const [blocked] = parentProblems([{ entities: [biz('BLOCKED', 141006)] }]);
    expect(problemKey(limited!)).not.toBe(problemKey(blocked!));
    expect(problemKey(limited!)).toBe(problemKey(parentProblems([{ entities: [biz('LIMITED')] }])[0]!));
    expect(problemHealth(limited!)).toBe('attention');
    expect(problemHealth(blocked!)).toBe('blocked');
  });
});
