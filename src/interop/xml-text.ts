import { cleanText } from '../../status-page/components/safe-text.tsx';

// Text placed in XML (the Atom feed, SVG badges): escaped, without the characters XML 1.0
// forbids, and without bidi controls (same rule as the pages).
const XML_FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

export function xmlText(text: string): string {
  return cleanText(text)
    .replace(XML_FORBIDDEN, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}
