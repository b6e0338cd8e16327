/** The one failure kind of backend choice and setup: the message says what was found and what to do. */
export class BackendError extends Error {
  override name = 'BackendError';
}
