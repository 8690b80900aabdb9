/**
 * `saksi export [--format jsonl|csv] [--what documents|entities|claims]`: streams the store, row
 * by row (keyset pages, never the whole corpus in memory), waiting on a full pipe.
 */
import type { Command } from 'commander';
import type { ClaimRecord, DocumentRow, EntityRecord } from '../store/store.js';
import { CliError, EXIT } from './errors.js';
import { dbOption, stdoutClosed, withReadStore, writeOut } from './store-cli.js';

type What = 'documents' | 'entities' | 'claims' | 'stories';
type Format = 'jsonl' | 'csv';

interface ExportFlags {
  db?: string;
  format?: string;
  what?: string;
  json?: boolean;
  text?: boolean;
}

/**
 * One CSV field (RFC 4180): quoted when it holds a comma, a quote, a line break or edge spaces,
 * with quotes doubled.
 * @example csvField('say "hi", then go') // '"say ""hi"", then go"'
 */
export function csvField(value: unknown): string {
  if (value === undefined || value === null) return '';
  const s = typeof value === 'string' ? value : typeof value === 'object' ? JSON.stringify(value) : String(value);
  return /[",\r\n]|^\s|\s$/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function csvRow(values: readonly unknown[]): string {
  return `${values.map(csvField).join(',')}\r\n`;
}

const COLUMNS: Record<What, readonly string[]> = {
  documents: ['id', 'source_key', 'content_hash', 'title', 'url', 'source', 'author', 'published', 'language', 'origin', 'format', 'copy_of', 'ingested_at', 'text'],
  entities: ['id', 'type', 'name', 'kb', 'mentions', 'documents', 'aliases', 'roles'],
  claims: ['document_id', 'claim_id', 'stance', 'quote', 'text', 'cue', 'speakers', 'speaker_ids', 'about_ids', 'target', 'published', 'source', 'title', 'start', 'end'],
  stories: ['id', 'title', 'first_seen', 'last_seen', 'documents', 'outlets', 'languages', 'entities'],
};

function documentRow(d: DocumentRow, withText: boolean): unknown[] {
  return [d.id, d.sourceKey, d.contentHash, d.title, d.url, d.source, d.author, d.published, d.language, d.origin, d.format, d.copyOf, d.ingestedAt, withText ? d.text : undefined];
}

function entityRow(e: EntityRecord): unknown[] {
  return [
    e.id,
    e.type,
    e.name,
    e.kb,
    e.mentions,
    e.documents,
    e.aliases.filter((a) => a.count > 0).map((a) => a.alias).join('; '),
    e.roles.map((r) => r.role).join('; '),
  ];
}

function claimRow(c: ClaimRecord): unknown[] {
  return [
    c.documentId,
    c.claimId,
    c.stance,
    c.quote,
    c.text,
    c.cue,
    c.speakerText.join('; '),
    c.speakers.join(' '),
    c.about.join(' '),
    c.target,
    c.published,
    c.source,
    c.title,
    c.start,
    c.end,
  ];
}

export function registerExportCommand(program: Command): void {
  dbOption(program.command('export').description('Stream the store as JSON lines or CSV, for any corpus size'))
    .option('--format <format>', 'jsonl or csv (default jsonl)')
    .option('--what <what>', 'documents, entities, claims or stories (default documents)')
    .option('--no-text', 'documents without their text')
    .option('--json', 'same as --format jsonl')
    .action(async (flags: ExportFlags) => {
      const format = (flags.json ? 'jsonl' : (flags.format ?? 'jsonl')).toLowerCase() as Format;
      if (format !== 'jsonl' && format !== 'csv') throw new CliError(`--format expects jsonl or csv, got '${flags.format}'`, EXIT.usage);
      if (flags.json && flags.format && flags.format.toLowerCase() !== 'jsonl') throw new CliError('--json means --format jsonl; give one or the other', EXIT.usage);
      const what = (flags.what ?? 'documents').toLowerCase() as What;
      if (!(what in COLUMNS)) throw new CliError(`--what expects documents, entities, claims or stories, got '${flags.what}'`, EXIT.usage);
      const withText = flags.text !== false;
      await withReadStore(flags.db, async (store) => {
        if (format === 'csv') await writeOut(csvRow(what === 'documents' && !withText ? COLUMNS.documents.slice(0, -1) : COLUMNS[what]));
        const emit = async (json: unknown, row: unknown[]): Promise<void> => {
          await writeOut(format === 'csv' ? csvRow(row) : `${JSON.stringify(json)}\n`);
        };
        if (what === 'documents') {
          for await (const d of store.scan('documents')) {
            if (stdoutClosed()) break;
            const row = documentRow(d, withText);
            if (!withText) row.pop();
            const { text, ...rest } = d;
            await emit(withText ? { ...rest, text } : rest, row);
          }
        } else if (what === 'entities') {
          for await (const e of store.scan('entities')) {
            if (stdoutClosed()) break;
            await emit(e, entityRow(e));
          }
        } else if (what === 'stories') {
          // Stories of two or more documents, most active first (issue 9).
          for (const s of await store.listStories({ limit: 1_000_000 })) {
            if (stdoutClosed()) break;
            await emit({ ...s, summary: JSON.parse(s.summary) as unknown }, [s.id, s.title, s.firstSeen, s.lastSeen, s.documents, s.outlets, s.languages.join(' '), s.entities.join(' ')]);
          }
        } else {
          for await (const c of store.scan('claims')) {
            if (stdoutClosed()) break;
            await emit(c, claimRow(c));
          }
        }
      });
    });
}
