import type { ErrorInfo } from './messages/protocol';

/**
 * The project's one error class: a failure shaped for people (`info`: what happened, Meta's code, what to
 * do next, a kind). Thrown by the engine for what a person can fix, by the background for bad input or
 * unmigrated storage, and on the calling side (pages, content script) when the background answers
 * `{ ok: false }`. No zod, no Graph code: the content script bundles it.
 */
export class InfoError extends Error {
  readonly info: ErrorInfo;
  constructor(info: ErrorInfo) {
    super(info.message);
    this.name = 'InfoError';
    this.info = info;
  }
}
