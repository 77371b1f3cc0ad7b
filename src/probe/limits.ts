// Bounds that keep a hostile or broken target from costing the prober more than a probe's worth.

/** At most this much of a response body is read, whether or not a text is expected in it. */
export const MAX_BODY_BYTES = 1024 * 1024;

/** Redirects followed before the probe fails with `too_many_redirects`. */
export const MAX_REDIRECTS = 5;

export const USER_AGENT = 'veille-prober/0.1';
