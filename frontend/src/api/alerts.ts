import type { AlertView } from '@marhaba/shared';
import { request } from './http';

export const acknowledgeAlert = (id: string) => request<AlertView>('POST', `/api/alerts/${encodeURIComponent(id)}/ack`);
