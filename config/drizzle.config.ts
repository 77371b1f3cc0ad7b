import { defineConfig } from 'drizzle-kit';

// `npm run db:generate -- --name <what>` writes a new migration from the schema files.
export default defineConfig({
  dialect: 'sqlite',
  schema: './src/store/schema/index.ts',
  out: './src/store/migrations',
});
