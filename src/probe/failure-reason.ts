import { isIP } from 'node:net';

// Turns what the network threw into the short reason codes of the rules ("Probe result"):
// `dns`, `tls`, `refused`, `timeout`, `reset`, `unreachable`, `headers_too_large`,
// `bad_response`, `body_too_large`; a source address of the other family than every address of
// the target says so in words; anything else is `error` with the code seen, lowercased.

const DNS = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EAI_FAIL', 'EAI_NODATA', 'EAI_NONAME']);
const RESET = new Set(['ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET', 'UND_ERR_CLOSED', 'UND_ERR_DESTROYED', 'ECONNABORTED']);
const TIMEOUT = new Set(['ETIMEDOUT', 'UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT']);
const UNREACHABLE = new Set(['EHOSTUNREACH', 'ENETUNREACH', 'EHOSTDOWN', 'ENETDOWN']);
// The answer is not HTTP, or breaks its own framing (llhttp's HPE_* verdicts, a body shorter or
// longer than its Content-Length).
const BAD_RESPONSE = new Set(['UND_ERR_RES_CONTENT_LENGTH_MISMATCH', 'UND_ERR_INFO']);
// OpenSSL's certificate verdicts arrive as bare codes; handshake failures as ERR_SSL_*/ERR_TLS_*.
const TLS_PATTERN = /^(ERR_TLS_|ERR_SSL_|CERT_|DEPTH_ZERO_|SELF_SIGNED_|UNABLE_TO_(GET|VERIFY|DECRYPT)|HOSTNAME_MISMATCH|ERR_OSSL_|EPROTO$)/;

/** The error codes and names found on an error, its causes, and the members of an AggregateError; the local address a bind refused. */
function errorFacts(error: unknown): { codes: string[]; names: string[]; unboundSource: string | null } {
  const codes: string[] = [];
  const names: string[] = [];
  let unboundSource: string | null = null;
  const seen = new Set<unknown>();
  const visit = (value: unknown) => {
    if (!value || typeof value !== 'object' || seen.has(value)) return;
    seen.add(value);
    const { code, name } = value as { code?: unknown; name?: unknown };
    if (typeof code === 'string') codes.push(code);
    if (typeof name === 'string') names.push(name);
    const { syscall, address } = value as { syscall?: unknown; address?: unknown };
    if (code === 'EINVAL' && syscall === 'bind' && typeof address === 'string') unboundSource = address;
    visit((value as { cause?: unknown }).cause);
    const members = (value as { errors?: unknown }).errors;
    if (Array.isArray(members)) members.forEach(visit);
  };
  visit(error);
  return { codes, names, unboundSource };
}

export function failureReason(error: unknown): string {
  const { codes, names, unboundSource } = errorFacts(error);
  // Most specific first: a refused connection reported alongside others is still "refused".
  if (codes.some((code) => DNS.has(code))) return 'dns';
  if (codes.some((code) => TLS_PATTERN.test(code))) return 'tls';
  if (codes.includes('ECONNREFUSED')) return 'refused';
  if (codes.some((code) => TIMEOUT.has(code))) return 'timeout';
  if (codes.some((code) => code === 'UND_ERR_HEADERS_OVERFLOW' || code === 'HPE_HEADER_OVERFLOW')) return 'headers_too_large';
  if (codes.includes('UND_ERR_RES_EXCEEDED_MAX_SIZE')) return 'body_too_large';
  // undici leaves the code of most parser errors unset: the error's name says what it is.
  if (names.includes('HTTPParserError') || codes.some((code) => code.startsWith('HPE_') || BAD_RESPONSE.has(code))) return 'bad_response';
  if (codes.some((code) => RESET.has(code))) return 'reset';
  if (codes.some((code) => UNREACHABLE.has(code))) return 'unreachable';
  // A socket cannot leave from an address of one family toward one of the other (the kernel's
  // EINVAL at bind): the source address (probe.sourceAddress) is IPv4 and the target IPv6 only, or
  // the reverse. Last: an address of the right family tried beside it (a name with both) failed for its own reason.
  if (unboundSource !== null && isIP(unboundSource) !== 0) return isIP(unboundSource) === 4 ? `source ${unboundSource} is IPv4, the target IPv6 only` : `source ${unboundSource} is IPv6, the target IPv4 only`;
  return codes.length ? `error ${readable(codes[0]!)}` : 'error';
}

/** `UND_ERR_NOT_SUPPORTED` → `not_supported`, `EPERM` → `eperm`: a code in the style of the others. */
function readable(code: string): string {
  return code.replace(/^(UND_ERR_|ERR_)/, '').toLowerCase();
}
