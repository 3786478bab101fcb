/** The SIP connectivity check: RFC 3263 resolution and an OPTIONS probe per address. */
export { createSipChecker, SIP_CHECK_DEFAULTS } from './checker.js';
export type { SipCheckAnswer, SipChecker, SipCheckerOptions, SipCheckTarget } from './checker.js';
export * from './result.js';
