import type { Forecast } from '@marhaba/shared';
import { request } from './http';

/** The coming hours of a site, or (siteId null) of the crossings together. */
export const fetchForecast = (siteId: string | null, hours: number) => request<Forecast>('GET', '/api/forecast', { query: { siteId, hours } });
