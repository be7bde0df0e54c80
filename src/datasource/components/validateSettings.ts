/**
 * Checks of the values typed on the settings page, each returning the reason shown under
 * the field (Grafana's Field `error`), or undefined when the value is fine. They mirror what
 * the back end accepts (pkg/settings/settings.go: Load, ValidatePool), so a value the page
 * accepts is one the back end reads the same way.
 */

export interface IntegerRule {
  /** What the number counts, for the message ("seconds"). */
  unit: string;
  min: number;
  max: number;
  /** The back end's default, used when the field is empty. */
  defaultValue: number;
}

const integerFormat = new Intl.NumberFormat('en-US');

/**
 * The number typed in a field, or the reason it is not one. Empty means "use the default".
 * A number is accepted only as typed: `2.5` is not rounded, `1e3` is not read as 1000.
 */
export function parseInteger(raw: string, rule: IntegerRule): { value?: number; error?: string } {
  const text = raw.trim();
  if (text === '') {
    return {};
  }
  if (!/^[+-]?\d+(\.\d+)?$/.test(text)) {
    return {
      error: `"${text}" is not a number: enter a whole number of ${rule.unit}, or leave it empty for the default (${rule.defaultValue})`,
    };
  }
  const n = Number(text);
  if (!Number.isInteger(n)) {
    return { error: `Enter a whole number of ${rule.unit} (${text} has a fraction)` };
  }
  if (n < rule.min) {
    return {
      error: `Must be at least ${integerFormat.format(rule.min)} (${rule.unit}); leave it empty for the default (${rule.defaultValue})`,
    };
  }
  if (n > rule.max) {
    return { error: `Must be at most ${integerFormat.format(rule.max)} (${rule.unit})` };
  }
  return { value: n };
}

/** The pool master URL (or a pool member's): http or https with a host, as XAPI needs. */
export function urlError(raw: string | undefined, opts: { required: boolean }): string | undefined {
  const text = (raw ?? '').trim();
  if (text === '') {
    return opts.required
      ? 'Enter the pool master URL (e.g. https://xenserver-master.example.com), or a log folder below for a datasource that reads only Exchange files'
      : undefined;
  }
  let u: URL;
  try {
    u = new URL(text);
  } catch {
    return `"${text}" is not a URL: enter it with its scheme, e.g. https://xenserver-master.example.com`;
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') {
    return `XAPI is served over http or https, not ${u.protocol.replace(/:$/, '')}: e.g. https://${u.host || 'xenserver-master.example.com'}`;
  }
  if (u.hostname === '') {
    return `"${text}" has no host name, e.g. https://xenserver-master.example.com`;
  }
  return undefined;
}

/** An IANA time zone, checked with the browser's zone database (the same names Go loads). */
export function timeZoneError(raw: string | undefined): string | undefined {
  const text = (raw ?? '').trim();
  if (text === '') {
    return undefined;
  }
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: text });
    return undefined;
  } catch {
    return `"${text}" is not a known IANA time zone: use a name such as Europe/Berlin, America/New_York or UTC`;
  }
}
