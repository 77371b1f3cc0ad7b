import { defineConfig } from 'drizzle-kit';

// `npm run db:generate:postgres -- --name <what>` writes the PostgreSQL migration matching a
// change to src/store/postgres-schema (made alongside the same change to src/store/schema).
export default defineConfig({
  dialect: 'postgresql',
  schema: './src/store/postgres-schema/index.ts',
  out: './src/store/postgres-migrations',
});
