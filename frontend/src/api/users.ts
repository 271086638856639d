import type { UserCreate, UserUpdate, UserView } from '@marhaba/shared';
import { request } from './http';

export const listUsers = () => request<UserView[]>('GET', '/api/users');
export const createUser = (user: UserCreate) => request<UserView>('POST', '/api/users', { body: user });
export const updateUser = (id: string, changes: UserUpdate) => request<UserView>('PATCH', `/api/users/${id}`, { body: changes });
