import { badRequest } from './api-error.ts';
import { idParam } from './text-fields.ts';

/** The record id of a path such as /maintenance/:id, or a 400 on `id` (never a coerced number). */
export function pathId(text: string | undefined, what = 'an id'): number {
  const parsed = idParam.safeParse(text ?? '');
  if (!parsed.success) throw badRequest('id', `"${text ?? ''}" is not ${what}`);
  return parsed.data;
}
