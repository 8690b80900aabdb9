#!/usr/bin/env node
// The CLI lives in dist/ (built by `npm run build`, and by `npm ci` through `prepare`).
import('../dist/cli/main.js').then((m) => m.main(process.argv)).catch((err) => {
  if (err && err.code === 'ERR_MODULE_NOT_FOUND' && String(err.message).includes('dist')) {
    console.error('saksi: not built yet; run `npm run build` (or `npm ci`) first');
  } else {
    console.error(`saksi: internal error: ${err && err.stack ? err.stack : err}`);
  }
  process.exit(70);
});
