import { createPinia } from 'pinia';
import { createApp } from 'vue';
import App from './App.vue';
import { configureHttp } from './api/http';
import { applyDocumentLocale, i18n } from './i18n';
import { registerServiceWorker } from './pwa';
import { createAppRouter } from './router';
import { useAuthStore } from './stores/auth';
import './styles.css';

const app = createApp(App);
app.use(createPinia());
const router = createAppRouter();
app.use(router).use(i18n);

const auth = useAuthStore();
configureHttp({
  token: () => auth.accessToken(),
  renew: () => auth.renew(),
  onUnauthorized: () => {
    if (auth.user?.role === 'assistant') return auth.expire();
    auth.logout();
    void router.replace({ name: 'login' });
  },
});
applyDocumentLocale();
app.mount('#app');
registerServiceWorker();
