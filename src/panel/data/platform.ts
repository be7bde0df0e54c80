import { Platform as PlatformValue } from '../../datasource/contract.gen';
import { type Platform } from './model';

/** Compiled platform patterns; an invalid expression is reported, not silently ignored. */
export interface PlatformMatcher {
  resolve(value: string | undefined): Platform | undefined;
  errors: string[];
}

function compile(pattern: string, what: string, errors: string[]): RegExp | undefined {
  if (!pattern) {
    return undefined;
  }
  try {
    return new RegExp(pattern, 'i');
  } catch (e) {
    errors.push(
      `The ${what} pattern "${pattern}" is not a valid regular expression (${(e as Error).message}). Fix it in Options > Data mapping.`
    );
    return undefined;
  }
}

export function platformMatcher(nativePattern: string, virtualPattern: string): PlatformMatcher {
  const errors: string[] = [];
  const native = compile(nativePattern, PlatformValue.Native, errors);
  const virtual = compile(virtualPattern, PlatformValue.Virtual, errors);
  return {
    errors,
    resolve(value) {
      if (value === undefined) {
        return undefined;
      }
      // Virtual first: "virtual" is the side under test, and a value matching both patterns
      // is more likely a VM name that happens to contain a native word.
      if (virtual?.test(value)) {
        return PlatformValue.Virtual;
      }
      if (native?.test(value)) {
        return PlatformValue.Native;
      }
      return undefined;
    },
  };
}
