import { registerSW } from 'virtual:pwa-register';
import { render } from 'preact';
import { App } from './app.tsx';
import './styles.css';

const root = document.getElementById('app');
if (root) render(<App />, root);

// The service worker caches the shell so that Pli starts offline.
registerSW({ immediate: true });
