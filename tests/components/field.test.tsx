// @vitest-environment jsdom
import '@testing-library/jest-dom/vitest';
import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { Field } from '@/components/ui/Field';

afterEach(cleanup);

describe('Field: one labelled input for every form', () => {
  it('labels the input, describes it with its help, and with the problem (as an alert) when there is one', () => {
    const { rerender } = render(<Field label="Access token" help="From Business settings" value="" onChange={() => undefined} />);
    const input = screen.getByLabelText('Access token');
    expect(input).toHaveAccessibleDescription('From Business settings');
    expect(input).not.toHaveAttribute('aria-invalid');
    expect(screen.queryByRole('alert')).toBeNull();

    rerender(<Field label="Access token" help="From Business settings" problem="Too short" value="" onChange={() => undefined} />);
    expect(input).toHaveAttribute('aria-invalid', 'true');
    expect(screen.getByRole('alert')).toHaveTextContent('Too short');
    expect(input).toHaveAccessibleDescription(/Too short.*From Business settings/);
  });

  it('announces a help text that follows the input (a filter count) politely', () => {
    render(<Field label="Filter" help="Showing 50 of 2000" helpLive value="" onChange={() => undefined} />);
    expect(screen.getByText('Showing 50 of 2000')).toHaveAttribute('aria-live', 'polite');
  });
});
