import type { core } from 'zod';
import { formatPath } from './config-error.ts';

type Issue = core.$ZodIssue;

/**
 * zod's issues as people read them, for check-config and the API alike. zod 4 still runs the
 * length checks of a value of the wrong type ("expected string, received array" followed by
 * "expected array to have >=1 items"), says only "Invalid input" when no form of a union fits,
 * and "received undefined" for a missing value: keep the first issue per field, say which form
 * failed and why, and call a missing value required.
 */
export function readableIssues(issues: readonly Issue[]): Issue[] {
  const wrongType = new Set<string>();
  const readable: Issue[] = [];
  for (const issue of issues) {
    const at = JSON.stringify(issue.path);
    if (wrongType.has(at)) continue;
    if (issue.code === 'invalid_type') wrongType.add(at);
    readable.push({ ...issue, message: messageOf(issue) });
  }
  return readable;
}

function messageOf(issue: Issue): string {
  if (issue.code === 'invalid_type' && / received undefined$/.test(issue.message)) return 'required';
  if (issue.code === 'invalid_union') return unionMessage(issue);
  return issue.message;
}

function unionMessage(issue: core.$ZodIssueInvalidUnion): string {
  const forms = leaves(issue);
  // A form whose type fits but whose own check failed says what is wrong with the value.
  const specific = forms.find((i) => i.code !== 'invalid_type' && i.code !== 'invalid_value');
  if (specific) return `${specific.path.length > 0 ? `${formatPath(specific.path)}: ` : ''}${specific.message}`;
  const expected = [
    ...new Set(forms.flatMap((i) => (i.code === 'invalid_type' ? [i.expected] : i.code === 'invalid_value' ? i.values.map((v) => JSON.stringify(v)) : []))),
  ];
  const received = /received (\S+)$/.exec(forms.find((i) => i.code === 'invalid_type')?.message ?? '')?.[1];
  if (received === 'undefined') return 'required';
  if (expected.length === 0) return issue.message;
  return `Invalid input: expected ${expected.join(' or ')}${received ? `, received ${received}` : ''}`;
}

/** The issues of every form of a union, unions within it opened, paths relative to the union. */
function leaves(issue: core.$ZodIssueInvalidUnion): Issue[] {
  return issue.errors.flat().flatMap((inner) =>
    inner.code === 'invalid_union' ? leaves(inner).map((leaf) => ({ ...leaf, path: [...inner.path, ...leaf.path] })) : [inner],
  );
}
