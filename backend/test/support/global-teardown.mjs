// Stops the run's PostgreSQL started by global-setup.mjs (none when DATABASE_URL was given).
export default async function globalTeardown() {
  await globalThis.__marhabaTestDatabase?.stop();
}
