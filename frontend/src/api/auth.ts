import type { LoginRequest, LoginResponse } from '@marhaba/shared';
import { request } from './http';

export const login = (credentials: LoginRequest) => request<LoginResponse>('POST', '/api/auth/login', { body: credentials });
