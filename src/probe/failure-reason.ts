// Turns what the network threw into the short reason codes of the rules ("Probe result").

const DNS = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EAI_FAIL', 'EAI_NODATA', 'EAI_NONAME']);
const RESET = new Set(['ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET', 'ECONNABORTED']);
const TIMEOUT = new Set(['ETIMEDOUT', 'UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT']);
const UNREACHABLE = new Set(['EHOSTUNREACH', 'ENETUNREACH', 'EHOSTDOWN', 'ENETDOWN']);
// OpenSSL's certificate verdicts arrive as bare codes; handshake failures as ERR_SSL_*/ERR_TLS_*.
const TLS_PATTERN = /^(ERR_TLS_|ERR_SSL_|CERT_|DEPTH_ZERO_|SELF_SIGNED_|UNABLE_TO_(GET|VERIFY|DECRYPT)|HOSTNAME_MISMATCH|ERR_OSSL_)/;

/** The error codes found on an error, its causes, and the members of an AggregateError. */
export function errorCodes(error: unknown): string[] {
  const codes: string[] = [];
  const seen = new Set<unknown>();
  const visit = (value: unknown) => {
    if (!value || typeof value !== 'object' || seen.has(value)) return;
    seen.add(value);
    const code = (value as { code?: unknown }).code;
    if (typeof code === 'string') codes.push(code);
    visit((value as { cause?: unknown }).cause);
    const members = (value as { errors?: unknown }).errors;
    if (Array.isArray(members)) members.forEach(visit);
  };
  visit(error);
  return codes;
}

export function failureReason(error: unknown): string {
  const codes = errorCodes(error);
  // Most specific first: a refused connection reported alongside others is still "refused".
  if (codes.some((code) => DNS.has(code))) return 'dns';
  if (codes.some((code) => TLS_PATTERN.test(code))) return 'tls';
  if (codes.includes('ECONNREFUSED')) return 'refused';
  if (codes.some((code) => TIMEOUT.has(code))) return 'timeout';
  if (codes.some((code) => RESET.has(code))) return 'reset';
  if (codes.some((code) => UNREACHABLE.has(code))) return 'unreachable';
  return codes.length ? `error ${codes[0]}` : 'error';
}
