/**
 * A plain-text article's title: its first line, when that line reads like a headline rather than
 * the first sentence of the story: short, with at least two words, not ending in a full stop,
 * comma, colon or semicolon, and followed by more text. Otherwise undefined (never guessed from
 * the body).
 * @example titleFromText('Harga Beras Naik Lagi\n\nMenteri itu mengatakan...') // 'Harga Beras Naik Lagi'
 */
export function titleFromText(text: string): string | undefined {
  const match = /^\s*([^\n]*)\n/.exec(text.slice(0, 1000));
  if (!match) return undefined;
  const line = match[1]!.replace(/\s+/g, ' ').trim();
  if (line.length < 3 || line.length > MAX_TITLE) return undefined;
  if (/[.,;:…]["'”’)]*$/.test(line)) return undefined;
  const words = line.split(' ').filter((w) => /\p{L}/u.test(w));
  if (words.length < 2 || words.length > MAX_TITLE_WORDS) return undefined;
  if (text.slice(match[0].length).trim() === '') return undefined;
  return line;
}

const MAX_TITLE = 160;
const MAX_TITLE_WORDS = 24;
