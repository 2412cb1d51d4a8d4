import { z } from 'zod';
import { FIELD_BY_WRITE } from '@contract/fields';
import type { AppError, FieldError } from '@contract/result';
import { redact } from '../log/logger';

/**
 * Turns what Rotor (or the network in between) answered into an AppError. Pure functions: the HTTP layer
 * decides what to do with the result (retry, pause the quota, throw).
 *
 * The messages are shown to the user as they are (the renderer adds no words of its own), so each is
 * short, names the cause, and says what happens next or what to do. Only an error marked `retryable`
 * may say that trying again can help.
 */

const MAX_TEXT = 300;

/**
 * Text from the server goes into messages the user reads and the log keeps: one line, bounded, and with
 * the key masked in case a server or proxy echoes it back.
 */
export function sanitize(text: string, secret: string | null): string {
  // Code points below 0x20 and 0x7f are control characters (a regex for them trips no-control-regex).
  const visible = Array.from(text, (ch) => {
    const code = ch.charCodeAt(0);
    return code < 0x20 || code === 0x7f ? ' ' : ch;
  }).join('');
  const flat = visible.replace(/\s+/g, ' ').trim();
  const masked = redact(flat, secret ? [secret] : []);
  return masked.length > MAX_TEXT ? `${masked.slice(0, MAX_TEXT - 1)}…` : masked;
}

const maybeText = z.string().optional().catch(undefined);

const RotorErrorBodySchema = z.looseObject({
  message: maybeText,
  error_code: maybeText,
  errors: z.array(z.unknown()).optional().catch(undefined),
});

const FieldErrorSchema = z.looseObject({ field: z.string(), message: z.string() });

export interface RotorErrorBody {
  message?: string;
  errorCode?: string;
  fields?: FieldError[];
}

/** Reads Rotor's documented error body if there is one; anything else (HTML, garbage) yields nothing. */
export function parseErrorBody(text: string, secret: string | null): RotorErrorBody {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return {};
  }
  const parsed = RotorErrorBodySchema.safeParse(json);
  if (!parsed.success) return {};
  const out: RotorErrorBody = {};
  if (parsed.data.message) out.message = sanitize(parsed.data.message, secret);
  if (parsed.data.error_code) out.errorCode = sanitize(parsed.data.error_code, secret).slice(0, 100);
  if (parsed.data.errors) {
    const fields = parsed.data.errors
      .map((e) => FieldErrorSchema.safeParse(e))
      .filter((r) => r.success)
      .slice(0, 50)
      .map((r) => ({ field: sanitize(r.data.field, secret), message: sanitize(r.data.message, secret) }));
    if (fields.length > 0) out.fields = fields;
  }
  return out;
}

/** `Daily API key request limit of 1000 exceeded` → 1000; nothing when Rotor names no limit. */
export function statedDailyLimit(text: string, secret: string | null): number | undefined {
  const digits = parseErrorBody(text, secret).message?.match(/limit of (\d[\d,]*)/i)?.[1];
  const limit = digits ? Number(digits.replace(/,/g, '')) : NaN;
  return Number.isSafeInteger(limit) && limit > 0 ? limit : undefined;
}

/** `Forbidden: required scope 'customers:write' not granted for this API key` → `customers:write`. */
export function missingScopeOf(message: string | undefined): string | undefined {
  return message?.match(/required scope ['"‘’“”]([^'"‘’“”]+)['"‘’“”]/i)?.[1];
}

function looksLikeHtml(text: string, contentType: string | null): boolean {
  return /text\/html/i.test(contentType ?? '') || /^\s*</.test(text);
}

export interface HttpContext {
  /** What was asked for, for messages: "the customer list", "the key check". */
  label: string;
  secret: string | null;
  /** Message for a 404, when the caller knows what was missing. */
  notFound?: string;
  /** A key being checked before it is stored (the Connect step), not the key in Settings. */
  candidate?: boolean;
}

/**
 * A field Rotor names in a validation answer, as the form labels it ("email" → "Email"); a name the field
 * table doesn't know (Rotor's `body`, `id`) stays as Rotor wrote it. `fields` keeps Rotor's names for the UI.
 */
export function fieldLabel(field: string): string {
  return FIELD_BY_WRITE.get(field)?.label ?? field;
}

/** Rotor's `error_code` for the day's budget; any other 429 (a proxy's burst limit) is a short backoff. */
export const DAILY_LIMIT_CODE = 'RATE_LIMIT_EXCEEDED';

/**
 * Classifies an HTTP answer that is not a 2xx. A 429 is kind 'quota' only with Rotor's RATE_LIMIT_EXCEEDED;
 * otherwise 'rate_limited', whose `retryAt` the HTTP layer adds from Retry-After.
 */
export function classifyStatus(
  status: number,
  text: string,
  contentType: string | null,
  ctx: HttpContext,
): AppError {
  const body = parseErrorBody(text, ctx.secret);
  const base = { status, ...(body.errorCode ? { errorCode: body.errorCode } : {}) };
  const rotorSays = body.message ? ` Rotor said: “${body.message}”` : '';

  if (status >= 300 && status < 400) {
    return {
      ...base,
      kind: 'bad_response',
      retryable: false,
      message:
        `Rotor answered ${ctx.label} with a redirect (HTTP ${status}). Rotor Desk does not follow it, so the ` +
        `API key is never sent elsewhere: check the API address in Settings.`,
    };
  }
  if (status === 401) {
    return {
      ...base,
      kind: 'auth',
      retryable: false,
      message: ctx.candidate
        ? 'Rotor did not accept this key. Check that you copied the whole key, or create a new one in Rotor.'
        : 'Rotor did not accept the API key: it may have been revoked. Replace it in Settings.',
    };
  }
  if (status === 403) {
    const scope = missingScopeOf(body.message);
    return {
      ...base,
      kind: 'forbidden',
      retryable: false,
      ...(scope ? { missingScope: scope } : {}),
      message: scope
        ? `This API key lacks the “${scope}” permission. Create a key with customer access in Rotor.`
        : `This API key is not allowed to do this. Create a key with customer access in Rotor.${rotorSays}`,
    };
  }
  if (status === 404) {
    return {
      ...base,
      kind: 'not_found',
      retryable: false,
      message: ctx.notFound ?? `Rotor could not find ${ctx.label}.`,
    };
  }
  if (status === 408) {
    return {
      ...base,
      kind: 'timeout',
      retryable: true,
      message: `Rotor took too long to handle ${ctx.label} (HTTP 408). Trying again in a moment may work.`,
    };
  }
  if (status === 400 || status === 422) {
    const detail = body.fields?.map((f) => `${fieldLabel(f.field)}: ${f.message}`).join('; ');
    return {
      ...base,
      kind: 'validation',
      retryable: false,
      ...(body.fields ? { fields: body.fields } : {}),
      message: detail
        ? `Rotor rejected ${ctx.label}: ${detail}. Fix ${body.fields?.length === 1 ? 'it' : 'them'} and save again.`
        : `Rotor rejected ${ctx.label} as invalid.${rotorSays}`,
    };
  }
  if (status === 429) {
    if (body.errorCode?.toUpperCase() === DAILY_LIMIT_CODE) {
      return {
        ...base,
        kind: 'quota',
        retryable: false,
        // The HTTP layer replaces this with the ledger's words (quota/failure.ts), limit and reset included.
        message: `Rotor’s daily request limit for this API key is used up.${rotorSays}`,
      };
    }
    return {
      ...base,
      kind: 'rate_limited',
      retryable: true,
      message: `Rotor (or a server in between) asked Rotor Desk to slow down while sending ${ctx.label} (HTTP 429). Rotor Desk tries again shortly.`,
    };
  }
  if (status >= 500) {
    const proxied = looksLikeHtml(text, contentType) ? ' (an error page, probably from a proxy)' : '';
    return {
      ...base,
      kind: 'server',
      retryable: true,
      message: `Rotor had a problem answering ${ctx.label} (HTTP ${status})${proxied}. Trying again later may work.`,
    };
  }
  return {
    ...base,
    kind: 'bad_response',
    retryable: false,
    message: `Rotor refused ${ctx.label} with an unexpected answer (HTTP ${status}).${rotorSays}`,
  };
}

/** A 2xx whose body is not JSON at all: an HTML page from a proxy, a cut-off body, nothing. */
export function unreadableBody(text: string, contentType: string | null, label: string): AppError {
  const what =
    text.trim() === ''
      ? 'an empty answer'
      : looksLikeHtml(text, contentType)
        ? 'a web page instead of data'
        : 'an answer that is not valid JSON (it may have been cut off)';
  return {
    kind: 'bad_response',
    // A proxy page or a cut-off body may well be gone next time.
    retryable: true,
    message: `Rotor sent ${what} for ${label}. Nothing from it was used; trying again later may work.`,
  };
}

/** A JSON body whose shape is wrong: asking again gives the same answer. */
export function invalidShape(label: string, detail: string, fields?: FieldError[]): AppError {
  return {
    kind: 'bad_response',
    retryable: false,
    message: `Rotor sent ${label} in a form Rotor Desk cannot use: ${detail}. Nothing from it was used.`,
    ...(fields ? { fields } : {}),
  };
}

type Failure = { code?: unknown; cause?: unknown; errors?: unknown };

/** Finds a system error code (ECONNREFUSED, ENOTFOUND…) anywhere in fetch's cause chain. */
export function transportCode(cause: unknown, depth = 0): string | undefined {
  if (depth > 5 || typeof cause !== 'object' || cause === null) return undefined;
  const f = cause as Failure;
  if (typeof f.code === 'string' && f.code !== '') return f.code;
  if (Array.isArray(f.errors)) {
    for (const inner of f.errors) {
      const code = transportCode(inner, depth + 1);
      if (code) return code;
    }
  }
  return transportCode(f.cause, depth + 1);
}

/** A request that got no HTTP answer. Never includes the cause's own text (it may echo headers). */
export function classifyTransport(cause: unknown, label: string): AppError {
  const code = transportCode(cause);
  const network = (message: string, retryable = true): AppError => ({
    kind: 'network',
    retryable,
    message,
    ...(code ? { errorCode: code } : {}),
  });
  switch (code) {
    case 'ECONNREFUSED':
      return network(
        'Could not connect to Rotor: the connection was refused. Rotor may be down, or the API address may be wrong.',
      );
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
    case 'EAI_NONAME':
      return network(
        'Could not find the Rotor server (the name lookup failed). Check the internet connection.',
      );
    case 'ECONNRESET':
    case 'EPIPE':
    case 'UND_ERR_SOCKET':
    case 'UND_ERR_CLOSED':
      return network(
        `The connection to Rotor was interrupted while handling ${label}. Trying again may work.`,
      );
    case 'ETIMEDOUT':
    case 'UND_ERR_CONNECT_TIMEOUT':
      return network('Could not connect to Rotor in time. Check the internet connection.');
    case 'ENETUNREACH':
    case 'EHOSTUNREACH':
    case 'ENETDOWN':
      return network('The network is unreachable. Check the internet connection.');
  }
  if (code && /CERT|TLS|SSL|SELF_SIGNED|VERIFY/i.test(code)) {
    return network('The secure connection to Rotor could not be verified, so nothing was sent.', false);
  }
  return network(`Could not reach Rotor for ${label}. Check the internet connection.`);
}
