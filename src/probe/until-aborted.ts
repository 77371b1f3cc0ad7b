/**
 * Settles as `work` does, or rejects with the signal's reason as soon as the signal aborts,
 * whichever comes first. A deadline must not depend on the work noticing its signal: undici
 * only acts on an aborted request once its connection is up, so a connect to a host that drops
 * SYNs, or a TLS handshake the server never answers, would otherwise outlive the deadline by
 * minutes. The abandoned work is left to end on its own; its late outcome is ignored.
 */
export function untilAborted<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  work.catch(() => undefined);
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}
