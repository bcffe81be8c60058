/** A service could not start; the message is one line saying what and how to fix it. */
export class ServiceStartError extends Error {
  override name = 'ServiceStartError';
}
