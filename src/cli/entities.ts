/**
 * `saksi entities`: the corpus's entities by mentions. `saksi entity "<name or alias>"`: one
 * entity with its aliases, mentions by source and by month, claims by it and about it, and why
 * its mentions were merged.
 */
import type { Command } from 'commander';
import type { EntityType } from '../types.js';
import type { ClaimRecord, EntityDetail, EntitySummary, Store } from '../store/store.js';
import { nameEditSimilarity, phoneticKey } from '../kb/normalize.js';
import { CliError, EXIT } from './errors.js';
import { count, noun } from './report.js';
import { colorsFor, dbOption, nonNegativeInt, num, pad, positiveInt, withReadStore, writeJson, type Colors } from './store-cli.js';

const TYPES: readonly EntityType[] = ['PERSON', 'ORG', 'GPE', 'LOC', 'NORP', 'MISC'];
/** A name this close to an alias (or with the same phonetic key and ≥ 0.6) is offered when nothing matches exactly. */
const SUGGEST_SIMILARITY = 0.75;
const SUGGESTIONS = 5;

interface EntitiesFlags {
  db?: string;
  type?: string;
  top?: string;
  json?: boolean;
}

interface EntityFlags {
  db?: string;
  claims?: string;
  json?: boolean;
}

function parseType(value: string | undefined): EntityType | undefined {
  if (value === undefined) return undefined;
  const t = value.toUpperCase() as EntityType;
  if (!TYPES.includes(t)) throw new CliError(`--type expects one of ${TYPES.join(', ')}, got '${value}'`, EXIT.usage);
  return t;
}

export function registerEntitiesCommand(program: Command): void {
  dbOption(program.command('entities').description('List the entities of the corpus, most mentioned first'))
    .option('--type <type>', `only this type (${TYPES.join(', ')})`)
    .option('--top <n>', 'how many (default 50)')
    .option('--json', 'print as JSON')
    .action(async (flags: EntitiesFlags) => {
      const type = parseType(flags.type);
      const top = positiveInt(flags.top, '--top') ?? 50;
      const list = await withReadStore(flags.db, (store) => store.listEntities({ top, ...(type ? { type } : {}) }));
      if (flags.json) {
        writeJson({ count: list.length, entities: list });
        return;
      }
      const c = colorsFor(process.stdout);
      if (list.length === 0) {
        process.stderr.write(`no entities${type ? ` of type ${type}` : ''} in the store\n`);
        return;
      }
      const out = [c.dim(`${pad('#', 7, true)}  ${pad('type', 7)}${pad('mentions', 9, true)}${pad('docs', 7, true)}  name`)];
      for (const e of list) {
        out.push(`${c.cyan(pad(String(e.id), 7, true))}  ${pad(e.type, 7)}${pad(num(e.mentions), 9, true)}${pad(num(e.documents), 7, true)}  ${c.bold(e.name)}${e.kb ? c.dim(`  ${e.kb}`) : ''}`);
      }
      process.stdout.write(`${out.join('\n')}\n`);
    });

  dbOption(
    program
      .command('entity')
      .description('One entity: aliases, mentions by source and month, claims by and about it, merge evidence')
      .argument('<name>', 'a name or alias as written (case and diacritics do not matter), or #id'),
  )
    .option('--claims <n>', 'claims shown each way (default 10; --json: 50)')
    .option('--json', 'print as JSON')
    .action(async (name: string, flags: EntityFlags) => {
      const claimLimit = nonNegativeInt(flags.claims, '--claims') ?? (flags.json ? 50 : 10);
      await withReadStore(flags.db, async (store) => {
        const { found, others, closest } = await findEntity(store, name);
        if (!found) {
          const hint = others.length > 0 ? `; did you mean ${others.map((o) => `"${o.name}"`).join(', ')}?` : '';
          throw new CliError(`no entity named "${name}" in the store${hint}`, EXIT.noInput);
        }
        const detail = await store.entityDetail(found.id, { claimLimit });
        if (!detail) throw new CliError(`no entity #${found.id}`, EXIT.noInput);
        const names = await entityNames(store, detail);
        if (flags.json) {
          writeJson({ query: name, ...(closest ? { closestMatch: true } : {}), entity: detail, names: Object.fromEntries(names), alsoMatching: others });
          return;
        }
        process.stdout.write(formatEntity(detail, names, others, closest, claimLimit, colorsFor(process.stdout)));
      });
    });
}

/** The entity a user means: an exact (folded) name or alias, else a whole-word match, else the closest spelling. */
async function findEntity(store: Store, query: string): Promise<{ found?: EntitySummary; others: EntitySummary[]; closest: boolean }> {
  const byId = /^#?(\d+)$/.exec(query.trim());
  if (byId) {
    const detail = await store.entityDetail(Number(byId[1]), { claimLimit: 0 });
    if (detail) return { found: detail, others: [], closest: false };
  }
  const matches = await store.findEntities(query);
  if (matches.length > 0) return { found: matches[0]!, others: matches.slice(1, 1 + SUGGESTIONS), closest: false };
  // Nothing by name: the closest spellings among every alias (streamed, so any corpus size).
  const scored: { e: EntitySummary; score: number }[] = [];
  const key = phoneticKey(query);
  for await (const e of store.scan('entities')) {
    let best = 0;
    for (const a of e.aliases) {
      const sim = nameEditSimilarity(query, a.alias);
      const ok = sim >= SUGGEST_SIMILARITY || (sim >= 0.6 && key !== '' && phoneticKey(a.alias) === key);
      if (ok && sim > best) best = sim;
    }
    if (best > 0) scored.push({ e: { id: e.id, type: e.type, name: e.name, ...(e.kb ? { kb: e.kb } : {}), mentions: e.mentions, documents: e.documents }, score: best });
  }
  scored.sort((a, b) => b.score - a.score || b.e.mentions - a.e.mentions);
  const top = scored.slice(0, SUGGESTIONS).map((s) => s.e);
  if (top.length === 1) return { found: top[0]!, others: [], closest: true };
  return { others: top, closest: false };
}

async function entityNames(store: Store, d: EntityDetail): Promise<Map<number, string>> {
  const ids = new Set<number>();
  for (const c of [...d.claimsBy, ...d.claimsAbout]) for (const id of [...c.speakers, ...c.about]) ids.add(id);
  const names = new Map<number, string>([[d.id, d.name]]);
  for (const id of ids) {
    if (names.has(id)) continue;
    const e = await store.entityDetail(id, { claimLimit: 0 });
    if (e) names.set(id, e.name);
  }
  return names;
}

function formatEntity(d: EntityDetail, names: Map<number, string>, others: EntitySummary[], closest: boolean, claimLimit: number, c: Colors): string {
  const out: string[] = [];
  out.push(`${c.bold(d.name)}  ${c.dim(`${d.type} · #${d.id}${d.kb ? ` · KB ${d.kb}` : ''}`)}${closest ? c.yellow('  (closest match)') : ''}`);
  out.push(`${count(d.mentions, 'mention')} in ${count(d.documents, 'document')}`);
  const seen = d.aliases.filter((a) => a.count > 0);
  if (seen.length > 0) out.push(`${c.bold('Written as:')} ${seen.map((a) => `${a.alias} ${c.dim(`(${num(a.count)})`)}`).join(', ')}`);
  if (d.roles.length > 0) out.push(`${c.bold('Roles:')} ${d.roles.map((r) => `${r.role} ${c.dim(`(${num(r.count)})`)}`).join(', ')}`);
  if (d.bySource.length > 0) {
    out.push(c.bold('By source:'));
    for (const s of d.bySource) out.push(`  ${pad(s.source, 24)} ${pad(num(s.mentions), 7, true)} ${noun(s.mentions, 'mention', 'mentions')} in ${count(s.documents, 'doc')}`);
  }
  if (d.byMonth.length > 0) {
    out.push(c.bold('Over time:'));
    const max = Math.max(...d.byMonth.map((m) => m.mentions));
    for (const m of d.byMonth) {
      const bar = '\u2587'.repeat(Math.max(1, Math.round((m.mentions / max) * 30)));
      out.push(`  ${pad(m.month, 8)} ${c.cyan(bar)} ${num(m.mentions)} ${c.dim(`(${count(m.documents, 'doc')})`)}`);
    }
  }
  const known = new Set([d.name, ...d.aliases.map((a) => a.alias)]);
  const claims = (title: string, list: readonly ClaimRecord[], by: boolean): void => {
    if (list.length === 0) return;
    out.push(c.bold(`${title} (${list.length >= claimLimit ? `latest ${list.length}; --claims N for more` : list.length}):`));
    for (const cl of list) {
      // A speaker written as a pronoun or a description ("Dia", "the minister") is shown with the name it stands for.
      const written = cl.speakerText.map((s) => (by && !known.has(s) ? `${d.name} ("${s}")` : s));
      const who = written.length > 0 ? written.join(', ') : cl.speakers.map((s) => names.get(s) ?? `#${s}`).join(', ');
      const stance = cl.stance === 'deny' ? c.red('denies') : cl.stance === 'doubt' ? c.yellow('doubts') : 'asserts';
      const text = cl.text.replace(/\s+/g, ' ');
      const shown = cl.quote ? `\u201c${text}\u201d` : text;
      out.push(`  ${c.dim(`${cl.published?.slice(0, 10) ?? '----------'} #${cl.documentId}`)} ${who ? `${c.bold(who)} ` : ''}${stance}: ${shown.length > 220 ? `${shown.slice(0, 217)}…` : shown}`);
    }
  };
  claims('Claims by', d.claimsBy, true);
  claims('Claims about', d.claimsAbout, false);
  const reasons = d.evidence.filter((e) => e.method !== 'new' && e.method !== 'document');
  const within = d.evidence.filter((e) => e.method === 'document');
  if (reasons.length + within.length > 0) {
    out.push(c.bold('Why these mentions are one entity:'));
    for (const e of reasons) out.push(`  ${e.detail}${c.dim(`  [${e.method}${e.count > 1 ? `, ${count(e.count, 'document')}` : ''}; first in #${e.documentId}]`)}`);
    for (const e of within.slice(0, 10)) out.push(`  ${c.dim('within #' + e.documentId + ':')} ${e.detail}`);
    if (within.length > 10) out.push(c.dim(`  … ${within.length - 10} more within-document merges (--json)`));
  }
  if (others.length > 0) out.push(c.dim(`Also matching: ${others.map((o) => `#${o.id} ${o.name} (${o.type}, ${num(o.mentions)})`).join('; ')}`));
  return `${out.join('\n')}\n`;
}
