/* Layer rules of src/ (docs/architecture.md explains them). `npm test` runs `npm run layers` before vitest. */
const ADAPTERS = '^src/(slack|teams)/';
module.exports = {
  forbidden: [
    {
      name: 'no-cycles',
      comment: 'An import cycle anywhere in src/ (type-only imports included) makes the layers meaningless.',
      severity: 'error',
      from: { path: '^src/' },
      to: { circular: true },
    },
    {
      name: 'core-stays-neutral',
      comment: 'The core knows nothing of chats, HTTP, the store, ACO, SIP probing, the CCaaS hand-off or the environment.',
      severity: 'error',
      from: { path: '^src/core/' },
      to: { path: '^src/(slack|teams|http|store|aco|sip|ccaas|main|config)[./]' },
    },
    {
      name: 'core-no-frameworks',
      comment: 'The core uses no chat, HTTP or storage library; adapters translate.',
      severity: 'error',
      from: { path: '^src/core/' },
      to: { dependencyTypes: ['npm'], path: '(@slack|botbuilder|botframework|express|keyv|@keyv|@ringcentral|pg|sqlite3|redis)' },
    },
    {
      name: 'adapters-apart',
      comment: 'Slack and Teams never import each other.',
      severity: 'error',
      from: { path: '^src/slack/' },
      to: { path: '^src/teams/' },
    },
    {
      name: 'adapters-apart-teams',
      severity: 'error',
      from: { path: '^src/teams/' },
      to: { path: '^src/slack/' },
    },
    {
      name: 'adapters-not-to-backends',
      comment: 'Chat adapters reach storage only through the core.',
      severity: 'error',
      from: { path: ADAPTERS },
      to: { path: '^src/(store|aco|sip|ccaas|main)[./]' },
    },
    {
      name: 'sip-is-outside-world',
      comment: 'src/sip (DNS and SIP probes) uses only pure helpers of the core; the core reaches it through a port.',
      severity: 'error',
      from: { path: '^src/sip/' },
      to: { path: '^src/(slack|teams|http|store|aco|ccaas|main|config)[./]' },
    },
    {
      name: 'http-is-plumbing',
      comment: 'src/http is the server and its shared pieces; features mount their routes as components.',
      severity: 'error',
      from: { path: '^src/http/' },
      to: { path: '^src/(slack|teams|ccaas|aco|store)/' },
    },
    {
      name: 'config-is-a-leaf',
      comment: 'The environment schema depends on no feature; features depend on it.',
      severity: 'error',
      from: { path: '^src/config\\.ts$' },
      to: { path: '^src/(slack|teams|http|ccaas|aco|store|core)/' },
    },
    {
      name: 'ccaas-not-to-chats',
      severity: 'error',
      from: { path: '^src/ccaas/' },
      to: { path: '^src/(slack|teams)/' },
    },
    {
      name: 'only-main-wires',
      comment: 'Nothing imports the composition root.',
      severity: 'error',
      from: { path: '^src/' },
      to: { path: '^src/main\\.ts$' },
    },
    {
      name: 'store-backends-private',
      comment: 'Store backends are reached through src/store/create-store.ts only.',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/store/' },
      to: { path: '^src/store/(backends|locks)/' },
    },
    {
      name: 'src-production-deps-only',
      comment:
        'The server runs on production dependencies only (npm ci --omit=dev, the container): src/ imports no devDependency. pino-pretty is required by name only when pretty logs are asked for (src/log.ts).',
      severity: 'error',
      from: { path: '^src/' },
      to: { dependencyTypes: ['npm-dev'], dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'src-not-to-tests',
      severity: 'error',
      from: { path: '^src/' },
      to: { path: '^(test|bench|scripts)/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'], extensions: ['.ts', '.js'] },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
