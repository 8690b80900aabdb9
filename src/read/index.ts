/** Ingest: files, standard input and URLs turned into documents for the analysis. */
export {
  DEFAULT_MAX_BYTES,
  DEFAULT_MAX_REDIRECTS,
  DEFAULT_TIMEOUT_MS,
  htmlToDocument,
  isUrlArgument,
  readBytes,
  readSource,
  type ReadBytesOptions,
  type ReadOptions,
  type ReadResult,
  type SourceDocument,
  type SourceFormat,
} from './read-source.js';
export { NETWORK_FAILURE_CODES } from './fetch.js';
export { normalizeDate } from './dates.js';
