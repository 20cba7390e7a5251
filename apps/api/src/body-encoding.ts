import { finished, type Readable, Transform } from 'node:stream';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ApiError } from './errors.js';

/**
 * The bytes of a body, before any parser reads them: its `Content-Encoding` decoded and its text
 * checked to be UTF-8, the one charset the API takes. The JSON parser then reads plain UTF-8.
 *
 * A charset other than UTF-8 is refused (415) rather than transcoded: decoding latin-1 as UTF-8
 * stored U+FFFD in place of every accented letter, and a short list of charsets is one a client can
 * rely on. Bytes that are not UTF-8 are refused (400) for the same reason: a value silently altered.
 */
export const CONTENT_CODINGS = ['gzip', 'deflate', 'br'] as const;

type ContentCoding = (typeof CONTENT_CODINGS)[number];
const DECODERS: Record<ContentCoding, () => Transform> = { gzip: createGunzip, deflate: createInflate, br: createBrotliDecompress };
// gzip's old name (RFC 9110 §8.4.1.3), which some clients still send.
const ALIASES: Record<string, ContentCoding> = { 'x-gzip': 'gzip' };
const UTF8_LABELS = ['utf-8', 'utf8'];
const CODINGS_TAKEN = `${CONTENT_CODINGS.join(', ')} or identity`;

/** A stream Fastify's body reader knows: the length on the wire, for its Content-Length check. */
type DecodedBody = Transform & { receivedEncodedLength?: number };

const tooLarge = (limit: number, what: string) =>
  new ApiError(413, 'payload_too_large', `the body is larger than ${limit} bytes${what}`);

/** Registers the decoding for every route registered after it: before parsing, bounded by each route's body limit. */
export function decodeBodies(app: FastifyInstance): void {
  app.addHook('preParsing', async (request, _reply, payload) => {
    if (!hasBody(request)) return payload;
    const coding = contentCoding(request.headers['content-encoding']);
    refuseCharset(request.headers['content-type']);
    return decodedBody(payload, coding, request.routeOptions.bodyLimit ?? app.initialConfig.bodyLimit ?? 1024 * 1024);
  });
}

/** As Fastify decides it: chunked, or a length other than 0, or a media type without a length. */
function hasBody(request: FastifyRequest): boolean {
  const { 'content-length': length, 'content-type': type, 'transfer-encoding': chunked } = request.headers;
  return chunked !== undefined || (length !== '0' && (length !== undefined || type !== undefined));
}

function contentCoding(header: string | undefined): ContentCoding | undefined {
  const coding = header?.trim().toLowerCase();
  if (!coding || coding === 'identity') return undefined;
  const known = ALIASES[coding] ?? CONTENT_CODINGS.find((name) => name === coding);
  if (known) return known;
  // Stacked codings ("gzip, br") included: no client sends them, and each layer would be a bomb of its own.
  throw new ApiError(415, 'unsupported_content_encoding', `Content-Encoding "${coding.slice(0, 64)}" is not supported: send ${CODINGS_TAKEN}`);
}

/** A JSON body's declared charset, when it is not UTF-8: 415 (any other media type gets Fastify's 415). */
function refuseCharset(header: string | undefined): void {
  if (!header) return;
  const [essence, ...parameters] = header.split(';');
  if (essence?.trim().toLowerCase() !== 'application/json') return;
  for (const parameter of parameters) {
    const [name, value = ''] = parameter.split('=');
    if (name?.trim().toLowerCase() !== 'charset') continue;
    const charset = value.trim().replace(/^"(.*)"$/, '$1').toLowerCase();
    if (!UTF8_LABELS.includes(charset)) {
      throw new ApiError(415, 'unsupported_media_type', `charset "${charset.slice(0, 64)}" is not supported: send the body as UTF-8 (charset=utf-8, or no charset)`);
    }
  }
}

/**
 * raw → (count the wire bytes) → (decode) → (count the decoded bytes, check UTF-8) → the parser.
 * Each count stops the stream at `limit`, so a small compressed body cannot inflate past it.
 */
function decodedBody(raw: Readable, coding: ContentCoding | undefined, limit: number): DecodedBody {
  let wire = 0;
  let decoded = 0;
  const utf8 = new TextDecoder('utf-8', { fatal: true });
  const notUtf8 = () => new ApiError(400, 'invalid_json', 'the body is not valid UTF-8');

  const output: DecodedBody = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      decoded += chunk.length;
      if (decoded > limit) return done(tooLarge(limit, coding ? ' once decoded' : ''));
      try {
        utf8.decode(chunk, { stream: true });
      } catch {
        return done(notUtf8());
      }
      done(null, chunk);
    },
    flush(done) {
      try {
        utf8.decode();
      } catch {
        return done(notUtf8());
      }
      done();
    },
  });
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      wire += chunk.length;
      output.receivedEncodedLength = wire;
      if (wire > limit) return done(tooLarge(limit, ''));
      done(null, chunk);
    },
  });
  const inflate = coding ? DECODERS[coding]() : undefined;
  const stages = inflate ? [counter, inflate, output] : [counter, output];

  let failed = false;
  const fail = (error: Error) => {
    if (failed) return;
    failed = true;
    // Stop reading into the chain; the rest of the upload is discarded as Node does for any unread body.
    raw.unpipe(counter);
    raw.resume();
    for (const stage of stages) if (stage !== output) stage.destroy();
    output.destroy(error instanceof ApiError ? error : new ApiError(400, 'invalid_request', `the body is not valid ${coding ?? 'HTTP'}`));
  };
  for (const stage of stages) stage.on('error', fail);
  finished(raw, { writable: false }, (error) => {
    if (error) fail(new ApiError(400, 'invalid_request', 'the body ended before its end'));
  });
  let previous: Readable = raw;
  for (const stage of stages) previous = previous.pipe(stage);
  return output;
}
