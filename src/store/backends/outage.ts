/*
 * Which driver errors mean "the store is down" (answered as StoreUnavailableError) rather than "this request
 * was wrong" (passed on as they are). No driver imports here: create-store picks the predicate before it
 * loads the backend.
 */

const PROGRAMMING_ERRORS = [TypeError, RangeError, ReferenceError, SyntaxError];
/** A bug in our own code, never an outage. */
const isProgrammingError = (err: unknown) => PROGRAMMING_ERRORS.some((E) => err instanceof E);

/** Server replies that say "not now" rather than "wrong request". */
const TRANSIENT_REPLY = /^(LOADING|BUSY|MASTERDOWN|TRYAGAIN|CLUSTERDOWN|READONLY)\b/;

/** Anything but an error reply from the server (or a bug of ours) means the connection or the server is down. */
export function isRedisOutage(err: unknown): boolean {
  if (isProgrammingError(err)) return false;
  if (err instanceof Error && /^(ErrorReply|SimpleError|BlobError)$/.test(err.constructor.name)) {
    return TRANSIENT_REPLY.test(err.message);
  }
  return true;
}

/**
 * SQLSTATE classes that mean "the server or the connection is not available": 08 connection exception,
 * 53 insufficient resources, 57 operator intervention (shutdown, statement timeout), 58 system error. Errors
 * without a SQLSTATE come from the client (connection refused or lost, timeouts): outages too.
 */
export function isPostgresOutage(err: unknown): boolean {
  if (isProgrammingError(err)) return false;
  const code = (err as { code?: unknown } | undefined)?.code;
  if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) return /^(08|53|57|58)/.test(code);
  return true;
}

/** SQLite: the file is locked past the busy timeout, or the disk failed. */
export function isSqliteOutage(err: unknown): boolean {
  return /^SQLITE_(BUSY|LOCKED|IOERR|FULL|CANTOPEN|PROTOCOL)/.test(
    String((err as { code?: unknown } | undefined)?.code),
  );
}
