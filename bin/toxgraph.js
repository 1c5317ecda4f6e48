#!/usr/bin/env node
// Thin launcher: the CLI is compiled to dist/ by `npm run build` (run automatically by `npm ci` via `prepare`).

// The AWS SDK warns on every run under Node 20 that its releases after early January 2027 will need Node 22.
// toxgraph pins its SDK versions in the lockfile for Node 20, so the notice is not actionable for a user;
// set the variable to "false" to see it again.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const { main } = await import('../dist/cli/main.js');
process.exitCode = await main(process.argv);
