import { describe, expect, it } from 'vitest';
import { failureReason } from '../../src/probe/failure-reason.ts';

// What the network throws, as the short reason codes results carry: never a raw library code.

const coded = (code: string, extra: Record<string, unknown> = {}) => Object.assign(new Error(code), { code }, extra);

describe('the reason of a failed probe', () => {
  it.each([
    [coded('UND_ERR_HEADERS_OVERFLOW'), 'headers_too_large'],
    [coded('UND_ERR_RES_EXCEEDED_MAX_SIZE'), 'body_too_large'],
    [coded('UND_ERR_RES_CONTENT_LENGTH_MISMATCH'), 'bad_response'],
    [Object.assign(new Error('Response does not match the HTTP/1.1 protocol'), { name: 'HTTPParserError' }), 'bad_response'],
    [coded('HPE_INVALID_CONSTANT'), 'bad_response'],
    [coded('UND_ERR_CLOSED'), 'reset'],
    [coded('EPROTO'), 'tls'],
    [new Error('fetch failed', { cause: coded('ECONNREFUSED') }), 'refused'],
    [coded('UND_ERR_NOT_SUPPORTED'), 'error not_supported'],
    [coded('EACCES'), 'error eacces'],
    [new Error('no code'), 'error'],
    // A name with addresses of both families: the one of the source's family failed for its own reason.
    [new AggregateError([coded('EINVAL', { syscall: 'bind', address: '127.0.0.2' }), coded('ECONNREFUSED')]), 'refused'],
    [coded('EINVAL', { syscall: 'bind', address: '10.20.0.5' }), 'source 10.20.0.5 is IPv4, the target IPv6 only'],
  ])('%s → %s', (error, reason) => {
    expect(failureReason(error)).toBe(reason);
  });
});
