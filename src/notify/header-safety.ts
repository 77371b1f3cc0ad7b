// Names, impacts and titles come from configuration and API bodies and end up in e-mail
// subjects and display names. A line break there would start a new header (a Bcc, a second
// body): every header value goes through oneLine, whatever the transport also does.

const CONTROL = /[\u0000-\u001f\u007f\u0085\u2028\u2029]+/g;

/** The text on one line: every run of control characters (CR, LF, tab…) becomes one space. */
export function oneLine(text: string, max = 250): string {
  const flat = text.replace(CONTROL, ' ').replace(/ {2,}/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}
