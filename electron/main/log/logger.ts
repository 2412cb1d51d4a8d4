export interface Logger {
  info(message: string, ...details: unknown[]): void;
  warn(message: string, ...details: unknown[]): void;
  error(message: string, ...details: unknown[]): void;
}

/**
 * Masks anything that looks like a secret before it reaches a log line. Services never log keys,
 * but errors from libraries may echo headers back; this is the last line of defence.
 */
export function redact(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) if (secret.length >= 4) out = out.split(secret).join('[redacted]');
  return out.replace(/(x-api-key["']?\s*[:=]\s*["']?)[^"'\s,}]+/gi, '$1[redacted]');
}

function render(detail: unknown): string {
  if (detail instanceof Error) return detail.stack ?? `${detail.name}: ${detail.message}`;
  if (typeof detail === 'string') return detail;
  try {
    return JSON.stringify(detail);
  } catch {
    return String(detail);
  }
}

export function createConsoleLogger(
  secrets: () => readonly string[] = () => [],
  sink: (line: string) => void = (line) => process.stderr.write(`${line}\n`),
): Logger {
  const write = (level: string, message: string, details: unknown[]) => {
    const line = [message, ...details.map(render)].join(' ');
    sink(`${new Date().toISOString()} ${level} ${redact(line, secrets())}`);
  };
  return {
    info: (m, ...d) => write('info', m, d),
    warn: (m, ...d) => write('warn', m, d),
    error: (m, ...d) => write('error', m, d),
  };
}
