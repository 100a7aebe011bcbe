import preact from '@preact/preset-vite';
import { defineConfig } from 'wxt';

/**
 * The Pli server a build is for (`PLI_SERVER_URL`, the local one by default): the default
 * of the `serverUrl` setting, and the one host the extension may reach. A match pattern
 * without a port covers every port of that host (the e2e stack picks a free one).
 */
const server = new URL(process.env.PLI_SERVER_URL ?? 'http://127.0.0.1:8787');

// The extension has no package.json of its own: name, version and zip names are set here.
export default defineConfig({
  srcDir: '.',
  outDir: '.output',
  manifestVersion: 3,
  vite: () => ({
    plugins: [preact()],
    define: { 'import.meta.env.PLI_SERVER_URL': JSON.stringify(server.origin) },
  }),
  manifest: ({ browser }) => ({
    name: 'Pli — Envoyer via MSSanté',
    short_name: 'Pli',
    description:
      'Envoyez un document par messagerie sécurisée de santé depuis votre logiciel métier, et soyez averti des nouveaux messages.',
    version: '0.1.0',
    // contextMenus and activeTab: "Envoyer via MSSanté" reaches the tab clicked in, only
    // then; scripting: to run the document fetch in that tab and the enabled sites' button.
    permissions: ['storage', 'notifications', 'alarms', 'contextMenus', 'activeTab', 'scripting'],
    host_permissions: [`${server.protocol}//${server.hostname}/*`],
    // A practice software site is asked for when the person enables it, never before.
    optional_host_permissions: ['https://*/*', 'http://*/*'],
    ...(browser === 'firefox' && {
      browser_specific_settings: {
        gecko: {
          id: 'extension@pli.mssante.fr',
          strict_min_version: '128.0',
          // Documents and messages go to the user's own Pli server, never to a third party.
          data_collection_permissions: { required: ['healthInfo', 'personalCommunications'] },
        },
      },
    }),
  }),
  zip: {
    artifactTemplate: 'pli-{{browser}}-{{manifestVersion}}-{{version}}.zip',
    zipSources: false,
  },
});
