import { secureHeaders } from 'hono/secure-headers';

// Headers of every HTML page and of the other public documents. No inline script or style is
// allowed anywhere (the pages use none), forms may only post back here, nothing may frame us.
export const PAGE_CSP = {
  defaultSrc: ["'none'"],
  styleSrc: ["'self'"],
  imgSrc: ["'self'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
  baseUri: ["'none'"],
};

export function pageSecurityHeaders() {
  return secureHeaders({
    contentSecurityPolicy: PAGE_CSP,
    referrerPolicy: 'same-origin',
    xFrameOptions: 'DENY',
    crossOriginResourcePolicy: 'same-origin',
    crossOriginOpenerPolicy: 'same-origin',
    strictTransportSecurity: false,
    permissionsPolicy: { camera: [], microphone: [], geolocation: [] },
  });
}

/** JSON, feeds, badges and metrics are read by other sites' widgets: readable cross-origin. */
export function documentSecurityHeaders() {
  return secureHeaders({
    contentSecurityPolicy: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] },
    crossOriginResourcePolicy: 'cross-origin',
    strictTransportSecurity: false,
    xFrameOptions: 'DENY',
  });
}
