/**
 * Fetching an article for `POST /api/analyze` and `POST /api/documents` with `{url}`, without
 * letting a client reach the server's own network (SSRF): every connection goes through a DNS
 * lookup that refuses loopback, private, link-local, multicast and other special addresses (so the
 * address checked is the address connected to: no window for DNS rebinding), IP literals are
 * checked the same way, and redirects are followed by hand, each hop checked again. Unless the
 * server was started with `--allow-private-urls`.
 */
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import { charsetFromContentType, decodeAs, decoderFor, mimeOf, sniffMetaCharset } from '../read/decode.js';

export interface UrlFetchOptions {
  readonly allowPrivate: boolean;
  readonly timeoutMs: number;
  readonly maxBytes: number;
  readonly maxRedirects: number;
  /** Which addresses are refused (default `isPrivateAddress`); tests narrow it to reach a local server. */
  readonly isBlocked?: (ip: string) => boolean;
  /** Name resolution (default `dns.lookup`); tests map names to addresses. */
  readonly resolve?: (host: string) => Promise<LookupAddress[]>;
}

export interface FetchedArticle {
  /** The address the content came from, after redirects. */
  readonly url: string;
  readonly text?: string;
  readonly html?: string;
}

/** A URL that cannot be fetched, with a stable code: the API answers 400 (`private-address`, `invalid-url`) or 502. */
export class UrlFetchError extends Error {
  constructor(
    readonly code: 'invalid-url' | 'private-address' | 'timeout' | 'too-many-redirects' | 'http-error' | 'too-large' | 'unsupported-content-type' | 'fetch-failed',
    message: string,
  ) {
    super(message);
    this.name = 'UrlFetchError';
  }
}

function v4Parts(ip: string): number[] {
  return ip.split('.').map(Number);
}

function privateV4(ip: string): boolean {
  const [a = 0, b = 0, c = 0] = v4Parts(ip);
  return (
    a === 0 ||
    a === 10 ||
    a === 127 ||
    (a === 100 && b >= 64 && b <= 127) ||
    (a === 169 && b === 254) ||
    (a === 172 && b >= 16 && b <= 31) ||
    (a === 192 && b === 168) ||
    (a === 192 && b === 0 && (c === 0 || c === 2)) ||
    (a === 198 && (b === 18 || b === 19)) ||
    (a === 198 && b === 51 && c === 100) ||
    (a === 203 && b === 0 && c === 113) ||
    a >= 224
  );
}

/** The 16 bytes of an IPv6 address (`::ffff:1.2.3.4` forms included). */
function v6Bytes(ip: string): number[] {
  let s = ip.toLowerCase().replace(/%.*$/, '');
  const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(s);
  if (v4) {
    const p = v4Parts(v4[1]!);
    s = s.slice(0, -v4[1]!.length) + `${((p[0]! << 8) | p[1]!).toString(16)}:${((p[2]! << 8) | p[3]!).toString(16)}`;
  }
  const [head = '', tail] = s.split('::');
  const h = head ? head.split(':') : [];
  const t = tail !== undefined && tail !== '' ? tail.split(':') : [];
  const groups = tail !== undefined ? [...h, ...Array<string>(8 - h.length - t.length).fill('0'), ...t] : h;
  return groups.flatMap((g) => {
    const n = parseInt(g || '0', 16);
    return [(n >> 8) & 255, n & 255];
  });
}

function privateV6(ip: string): boolean {
  const b = v6Bytes(ip);
  const zeroUntil = (n: number): boolean => b.slice(0, n).every((x) => x === 0);
  if (zeroUntil(16)) return true; // ::
  if (zeroUntil(15) && b[15] === 1) return true; // ::1
  // IPv4-mapped (::ffff:a.b.c.d) and IPv4-compatible: judge the IPv4 address.
  if (zeroUntil(10) && ((b[10] === 0xff && b[11] === 0xff) || (b[10] === 0 && b[11] === 0))) return privateV4(b.slice(12).join('.'));
  // NAT64 64:ff9b::/96
  if (b[0] === 0 && b[1] === 0x64 && b[2] === 0xff && b[3] === 0x9b && b.slice(4, 12).every((x) => x === 0)) return privateV4(b.slice(12).join('.'));
  // 6to4 2002::/16 carries an IPv4 address in bytes 2-5.
  if (b[0] === 0x20 && b[1] === 0x02) return privateV4(b.slice(2, 6).join('.'));
  const first = b[0]!;
  return (first & 0xfe) === 0xfc || (first === 0xfe && (b[1]! & 0xc0) === 0x80) || first === 0xff || (first === 0x20 && b[1] === 0x01 && b[2] === 0x0d && b[3] === 0xb8);
}

/**
 * Whether an IP address is one a public web page cannot have: loopback, private (RFC 1918, ULA),
 * link-local, CGNAT, multicast, reserved, documentation, unspecified, and IPv4 inside IPv6 forms.
 * @example isPrivateAddress('10.1.2.3') // true; isPrivateAddress('::ffff:127.0.0.1') // true; isPrivateAddress('93.184.216.34') // false
 */
export function isPrivateAddress(ip: string): boolean {
  const kind = isIP(ip.replace(/^\[|\]$/g, ''));
  if (kind === 4) return privateV4(ip);
  if (kind === 6) return privateV6(ip.replace(/^\[|\]$/g, ''));
  return true;
}

/** A DNS lookup that only ever yields public addresses (all of them checked, the first public one used). */
function guardedLookup(opts: UrlFetchOptions): LookupFunction {
  const blocked = opts.isBlocked ?? isPrivateAddress;
  const resolve =
    opts.resolve ??
    ((host: string) => new Promise<LookupAddress[]>((ok, fail) => dnsLookup(host, { all: true }, (err, addresses) => (err ? fail(err) : ok(addresses)))));
  return ((hostname: string, options: { all?: boolean; family?: number }, callback: (...args: unknown[]) => void) => {
    resolve(hostname).then((all) => {
      const addresses = options.family ? all.filter((a) => a.family === options.family) : all;
      if (addresses.length === 0) return callback(Object.assign(new Error(`${hostname} has no address`), { code: 'ENOTFOUND' }));
      const allowed = opts.allowPrivate ? addresses : addresses.filter((a) => !blocked(a.address));
      if (allowed.length === 0) {
        return callback(new UrlFetchError('private-address', `${hostname} resolves to a private or loopback address (${addresses.map((a) => a.address).join(', ')}); the server does not fetch those`));
      }
      if (options.all) callback(null, allowed);
      else callback(null, allowed[0]!.address, allowed[0]!.family);
    }, (err: unknown) => callback(err));
  }) as unknown as LookupFunction;
}

/** An http(s) URL, with its host checked when it is an IP literal or a local name. */
export function checkPublicUrl(raw: string, allowPrivate: boolean, blocked: (ip: string) => boolean = isPrivateAddress): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new UrlFetchError('invalid-url', `not a valid URL: ${raw}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new UrlFetchError('invalid-url', `only http and https URLs can be fetched, not ${url.protocol}`);
  if (url.username || url.password) throw new UrlFetchError('invalid-url', 'URLs with credentials are not fetched');
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (!allowPrivate) {
    if (isIP(host) && blocked(host)) throw new UrlFetchError('private-address', `${host} is a private or loopback address; the server does not fetch those`);
    if (/^localhost$|\.localhost$|\.local$|\.internal$/i.test(host)) throw new UrlFetchError('private-address', `${host} is a local name; the server does not fetch those`);
  }
  return url;
}

function getOnce(url: URL, opts: UrlFetchOptions, signal: AbortSignal): Promise<{ status: number; location?: string; contentType?: string; body?: Uint8Array }> {
  return new Promise((resolve, reject) => {
    const mod = url.protocol === 'https:' ? https : http;
    const req = mod.request(
      url,
      {
        method: 'GET',
        lookup: guardedLookup(opts),
        headers: { 'user-agent': 'Mozilla/5.0 (compatible; saksi/0.1)', accept: 'text/html,application/xhtml+xml,text/plain;q=0.9', 'accept-encoding': 'identity' },
        signal,
        agent: false,
      },
      (res) => {
        const status = res.statusCode ?? 0;
        if (status >= 300 && status < 400) {
          res.resume();
          return resolve({ status, ...(res.headers.location ? { location: res.headers.location } : {}) });
        }
        if (status < 200 || status >= 300) {
          res.resume();
          return resolve({ status });
        }
        const declared = Number(res.headers['content-length']);
        if (Number.isFinite(declared) && declared > opts.maxBytes) {
          res.destroy();
          return reject(new UrlFetchError('too-large', `the page is larger than ${opts.maxBytes} bytes`));
        }
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > opts.maxBytes) {
            res.destroy();
            reject(new UrlFetchError('too-large', `the page is larger than ${opts.maxBytes} bytes`));
            return;
          }
          chunks.push(chunk);
        });
        res.on('end', () => resolve({ status, ...(res.headers['content-type'] ? { contentType: res.headers['content-type'] } : {}), body: new Uint8Array(Buffer.concat(chunks)) }));
        res.on('error', reject);
      },
    );
    req.on('error', (err) => reject(err));
    req.end();
  });
}

/** Fetches an article page or text, every hop checked; throws `UrlFetchError`. */
export async function fetchArticle(raw: string, opts: UrlFetchOptions): Promise<FetchedArticle> {
  const blocked = opts.isBlocked ?? isPrivateAddress;
  let url = checkPublicUrl(raw, opts.allowPrivate, blocked);
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), opts.timeoutMs);
  try {
    for (let hop = 0; ; hop++) {
      let res;
      try {
        res = await getOnce(url, opts, controller.signal);
      } catch (err) {
        if (err instanceof UrlFetchError) throw err;
        const cause = (err as { cause?: unknown }).cause;
        if (cause instanceof UrlFetchError) throw cause;
        if (controller.signal.aborted) throw new UrlFetchError('timeout', `${url.href} did not answer within ${opts.timeoutMs} ms`);
        throw new UrlFetchError('fetch-failed', `${url.href} could not be fetched: ${(err as Error).message}`);
      }
      if (res.location !== undefined) {
        if (hop >= opts.maxRedirects) throw new UrlFetchError('too-many-redirects', `more than ${opts.maxRedirects} redirects from ${raw}`);
        let next: string;
        try {
          next = new URL(res.location, url).href;
        } catch {
          throw new UrlFetchError('fetch-failed', `${url.href} redirects to an invalid address`);
        }
        url = checkPublicUrl(next, opts.allowPrivate, blocked);
        continue;
      }
      if (!res.body) throw new UrlFetchError('http-error', `${url.href} answered HTTP ${res.status}`);
      const mime = mimeOf(res.contentType);
      const isHtml = mime === 'text/html' || mime === 'application/xhtml+xml';
      if (!isHtml && mime !== 'text/plain' && mime !== '') throw new UrlFetchError('unsupported-content-type', `${url.href} is ${mime}, not an article page`);
      const label = charsetFromContentType(res.contentType) ?? (isHtml || mime === '' ? sniffMetaCharset(res.body) : undefined) ?? 'utf-8';
      const body = decodeAs(decoderFor(label, false) ? label : 'utf-8', res.body, false);
      const html = isHtml || (mime === '' && /^\s*</.test(body));
      return html ? { url: url.href, html: body } : { url: url.href, text: body };
    }
  } finally {
    clearTimeout(timer);
  }
}
