import { InvalidArgumentError } from 'commander';

/** A whole number within bounds, or a message naming the flag, the value and what was expected. */
export function wholeNumber(flag: string, min: number, max: number): (value: string) => number {
  return (value) => {
    const parsed = Number(value);
    if (!/^-?\d+$/.test(value.trim()) || !Number.isSafeInteger(parsed) || parsed < min || parsed > max) {
      throw new InvalidArgumentError(`${flag} expects a whole number from ${min} to ${max}, got "${value}"`);
    }
    return parsed;
  };
}
