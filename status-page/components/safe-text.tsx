/** @jsxImportSource hono/jsx */
// Text that came from configuration or from people (names, impacts, justifications) is
// escaped by JSX; here it is also kept from reordering what surrounds it. Bidirectional
// override and isolate controls (U+202A–U+202E, U+2066–U+2069, marks) are removed, and the
// text is shown in <bdi> so a right-to-left name cannot flip the sentence it sits in.

const BIDI_CONTROLS = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/g;

export function cleanText(text: string): string {
  return text.replace(BIDI_CONTROLS, '');
}

export function Text(props: { value: string }) {
  return <bdi>{cleanText(props.value)}</bdi>;
}
