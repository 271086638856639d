import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { CASE_CATEGORIES, editionSchema, siteSchema, type Edition, type Site } from '@marhaba/shared';

/** Reference data lives in files beside the code, not in logic: `backend/data/`. */
export const DATA_DIR = join(import.meta.dirname, '..', '..', 'data');

const count = z.int().min(0);

/** Season totals as the Foundation published them; any figure may be missing. */
const publishedSchema = z.strictObject({
  year: z.int().min(2000).max(2100),
  source: z.string(),
  arrivals: count.optional(),
  arrivalsByChannel: z.strictObject({ sea: count, air: count }).optional(),
  departures: count.optional(),
  assistance: z.partialRecord(z.enum(CASE_CATEGORIES), count).optional(),
  centralOffice: count.optional(),
  busStaging: z.strictObject({ passengers: count, buses: count, minibuses: count }).optional(),
});
export type PublishedFigures = z.infer<typeof publishedSchema>;

const sitesFileSchema = z.object({ source: z.string(), sites: z.array(siteSchema) });
const editionsFileSchema = z.object({
  source: z.string(),
  editions: z.array(editionSchema),
  publishedNote: z.string(),
  published: z.array(publishedSchema),
});

function readJson(name: string): unknown {
  return JSON.parse(readFileSync(join(DATA_DIR, name), 'utf8'));
}

export function referenceSites(): Site[] {
  return sitesFileSchema.parse(readJson('sites.json')).sites;
}

export function referenceEditions(): { editions: Edition[]; published: PublishedFigures[] } {
  const file = editionsFileSchema.parse(readJson('editions.json'));
  return { editions: file.editions, published: file.published };
}
