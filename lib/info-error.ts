import type { ErrorInfo } from './messages/protocol';

/**
 * The project's one error class: a failure shaped for people (`info`: ids for what happened and what to do
 * next, Meta's code and words, a kind; words: lib/error-info.ts). Thrown by the engine for what a person
 * can fix, by the background for bad input or unmigrated storage, and on the calling side (pages, content
 * script) when the background answers `{ ok: false }`. No zod, no Graph code: the content script bundles it.
 */
export class InfoError extends Error {
  readonly info: ErrorInfo;
  constructor(info: ErrorInfo) {
    // The message is a label for logs only: people read lib/error-info.ts's words for `info`.
    super(info.problem ?? info.metaMessage ?? info.kind ?? 'InfoError');
    this.name = 'InfoError';
    this.info = info;
  }
}
