// `npm run bench`: runs every benchmark in turn and prints its figures. Nothing is asserted;
// the figures are for reading and comparing. `npm run bench -- sla` runs only the named ones.
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const wanted = process.argv.slice(2);
const benches = readdirSync(here)
  .filter((file) => file.endsWith('.bench.ts'))
  .filter((file) => wanted.length === 0 || wanted.some((name) => file.startsWith(name)))
  .sort();

for (const file of benches) {
  console.log(`\n== ${file.replace('.bench.ts', '')} ==`);
  const module = (await import(pathToFileURL(join(here, file)).href)) as { main?: () => Promise<void> | void };
  if (typeof module.main !== 'function') {
    console.log('(no main() exported)');
    continue;
  }
  await module.main();
}
