import { describe, expect, it } from 'vitest';
import en from '../public/_locales/en/messages.json';
import es from '../public/_locales/es/messages.json';
import ptBR from '../public/_locales/pt_BR/messages.json';
import { humaniseEnum } from '@/lib/format/humanise';
import { t } from '@/lib/i18n';

describe('i18n catalogues', () => {
  it.each([
    ['pt_BR', ptBR],
    ['es', es],
  ])('%s has every English key, with the same placeholders', (_l, catalogue: Record<string, { message: string }>) => {
    for (const [key, { message }] of Object.entries(en as Record<string, { message: string }>)) {
      expect(catalogue[key], key).toBeDefined();
      const placeholders = (s: string) => (s.match(/\$\d/g) ?? []).sort().join();
      expect(placeholders(catalogue[key]!.message), key).toBe(placeholders(message));
    }
  });

  it('substitutes placeholders in the English fallback', () => {
    expect(t('numbersTracked', [3])).toBe('3 numbers tracked');
  });

  it('humanises unknown enum values', () => {
    expect(humaniseEnum('SOME_NEW_VALUE')).toBe('Some new value');
    expect(humaniseEnum('TIER_2K')).toBe('Tier 2k');
  });
});
