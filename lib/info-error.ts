import type { ErrorInfo } from './messages/protocol';

/**
 * The storage migration's answer as lib/storage/migration-runner.ts `storageNotReady` still builds it, with
 * English sentences: they are dropped for the catalogue's words. Goes once that file passes ids
 * (`{ problem: 'errStorageNotReady', kind: 'storage_not_ready' }`); it belongs to the storage rewrite.
 */
interface StorageNotReadyWords {
  message: string;
  action?: string;
  kind: 'storage_not_ready';
}

/**
 * The project's one error class: a failure shaped for people (`info`: ids for what happened and what to do
 * next, Meta's code and words, a kind; words: lib/error-info.ts). Thrown by the engine for what a person
 * can fix, by the background for bad input or unmigrated storage, and on the calling side (pages, content
 * script) when the background answers `{ ok: false }`. No zod, no Graph code: the content script bundles it.
 */
export class InfoError extends Error {
  readonly info: ErrorInfo;
  constructor(info: ErrorInfo | StorageNotReadyWords) {
    // The message is a label for logs only: people read lib/error-info.ts's words for `info`.
    const ids: ErrorInfo = 'message' in info ? { problem: 'errStorageNotReady', kind: info.kind } : info;
    super('message' in info ? info.message : (ids.problem ?? ids.metaMessage ?? ids.kind ?? 'InfoError'));
    this.name = 'InfoError';
    this.info = ids;
  }
}
