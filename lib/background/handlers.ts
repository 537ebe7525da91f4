import type { Handlers } from '../messages/router';
import type { ErrorInfo, PublicState } from '../messages/protocol';
import { checkTokenFormat, type TokenFormatProblem } from '../token-format';

export interface TokenStore {
  getValue(): Promise<string | null>;
  setValue(value: string | null): Promise<void>;
}

const TOKEN_PROBLEM_TEXT: Record<TokenFormatProblem, string> = {
  empty: 'Paste an access token first.',
  whitespace: 'The token contains spaces or line breaks. Copy it again without them.',
  quotes: 'The token contains quotes. Paste only the token itself.',
  too_short: 'This is far too short to be a Graph API access token.',
  characters: 'The token contains characters Meta never uses. Copy it again from Meta.',
};

export class UserInputError extends Error {
  readonly info: ErrorInfo;
  constructor(info: ErrorInfo) {
    super(info.message);
    this.name = 'UserInputError';
    this.info = info;
  }
}

export function createHandlers(deps: { token: TokenStore }): Handlers {
  const publicState = async (): Promise<PublicState> => ({ hasToken: (await deps.token.getValue()) !== null });
  return {
    ping: async () => ({ pong: true }),
    getState: publicState,
    saveToken: async ({ token }) => {
      const checked = checkTokenFormat(token);
      if (!checked.ok) throw new UserInputError({ message: TOKEN_PROBLEM_TEXT[checked.problem], kind: 'bad_input' });
      await deps.token.setValue(checked.token);
      return publicState();
    },
    removeToken: async () => {
      await deps.token.setValue(null);
      return publicState();
    },
  };
}

export function describeError(error: unknown): ErrorInfo {
  if (error instanceof UserInputError) return error.info;
  return { message: 'Unexpected error in the extension background.', kind: 'internal' };
}
