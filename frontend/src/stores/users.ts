import { acceptHMRUpdate, defineStore } from 'pinia';
import { ref } from 'vue';
import type { UserCreate, UserUpdate, UserView } from '@marhaba/shared';
import { createUser, listUsers, updateUser } from '../api/users';

/** The accounts, for admins. The server ends a user's sessions on any change. */
export const useUsersStore = defineStore('users', () => {
  const list = ref<UserView[]>([]);

  async function load(): Promise<void> {
    list.value = await listUsers();
  }

  function put(user: UserView): void {
    list.value = [...list.value.filter((u) => u.id !== user.id), user].sort((a, b) => a.username.localeCompare(b.username));
  }

  const create = async (user: UserCreate) => put(await createUser(user));
  const update = async (id: string, changes: UserUpdate) => put(await updateUser(id, changes));

  return { list, load, create, update };
});

if (import.meta.hot) import.meta.hot.accept(acceptHMRUpdate(useUsersStore, import.meta.hot));
