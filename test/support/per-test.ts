import { beforeEach } from 'vitest';

/**
 * A value made afresh for each test, on first use. A business calendar caches the layout of
 * every year it has laid out: shared by a whole file, it lets only the first test that touches a
 * year run the layout code, and mutation testing then credits that one test alone. Made inside
 * each test, the work is also the test's own rather than the file's import.
 */
export function perTest<T extends object>(make: () => T): T {
  let current: T | undefined;
  beforeEach(() => {
    current = undefined;
  });
  return new Proxy({} as T, { get: (_target, key) => Reflect.get((current ??= make()), key) });
}
