import { describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { ENTITIES } from '../src/app.entities.js';
import { dataSourceOptions, MIGRATIONS, runMigrations } from '../src/database/data-source.js';
import { createTestDatabase } from './support/test-app.js';

describe('migrations and entities', () => {
  it('should leave nothing for TypeORM to generate once the migrations ran (entities match the schema)', async () => {
    const dataSource = await new DataSource(dataSourceOptions(await createTestDatabase({ empty: true }), ENTITIES)).initialize();
    try {
      expect(await runMigrations(dataSource)).toEqual(MIGRATIONS.map((m) => m.name));
      expect(await runMigrations(dataSource)).toEqual([]);
      const pending = await dataSource.driver.createSchemaBuilder().log();
      expect(pending.upQueries.map((q) => q.query)).toEqual([]);
    } finally {
      await dataSource.destroy();
    }
  });

  it('should migrate once when several instances start together (advisory lock)', async () => {
    const url = await createTestDatabase({ empty: true });
    const sources = await Promise.all([1, 2, 3].map(() => new DataSource(dataSourceOptions(url, ENTITIES)).initialize()));
    try {
      const applied = await Promise.all(sources.map((s) => runMigrations(s)));
      expect(applied.flat()).toEqual(MIGRATIONS.map((m) => m.name));
    } finally {
      await Promise.all(sources.map((s) => s.destroy()));
    }
  });
});
