/**
 * The SQLite store on better-sqlite3 (the code lives in src/store/sqlite/: schema.ts holds the
 * migrations, search.ts the FTS5 search, store.ts the store). This module keeps the old import path.
 */
export { BUSY_TIMEOUT_MS, SCAN_PAGE_SIZE, SqliteStore, openSqliteStore, type OpenSqliteOptions } from './sqlite/store.js';
export { SCHEMA_VERSION } from './sqlite/schema.js';
export { SNIPPET_TOKENS, TITLE_WEIGHT, ftsQuery } from './sqlite/search.js';
export { publishedDay } from './sqlite/rows.js';
