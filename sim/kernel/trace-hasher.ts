/** Separates folded texts; tags before each JSON value, so no two values of different types fold alike. */
const SEPARATOR = 0x1f;
export const TAG_TEXT_DETAIL = 0x01;
export const TAG_DATA_DETAIL = 0x02;
const TAG_STRING = 0x03;
const TAG_WHOLE = 0x04;
const TAG_FRACTION = 0x05;
const TAG_TRUE = 0x06;
const TAG_FALSE = 0x07;
const TAG_NULL = 0x08;
const TAG_ARRAY = 0x09;
const TAG_OBJECT = 0x0a;
const TAG_END = 0x0b;

/** A number's two 32-bit halves, to fold a fraction exactly without formatting it. */
const float = new Float64Array(1);
const floatWords = new Uint32Array(float.buffer);

/**
 * Two independent 32-bit lanes (FNV-1a and a multiply-xorshift) folded over texts, numbers and
 * JSON values: a 64-bit fingerprint without BigInt on the hot path. A JSON value folds the same
 * as its JSON read back (JSON.parse(JSON.stringify(value))), so a recording hashes as the run did.
 */
export class TraceHasher {
  laneA = 0x811c9dc5;
  laneB = 0x9e3779b9;

  /** Starts again from nothing: for a fingerprint of one value. */
  reset(): void {
    this.laneA = 0x811c9dc5;
    this.laneB = 0x9e3779b9;
  }

  /** Starts again and folds one value alone: its 32-bit print (both lanes stay readable). */
  printOf(value: unknown): number {
    this.reset();
    this.foldValue(value);
    return this.laneA >>> 0;
  }

  /** 16 hex digits. */
  hex(): string {
    return (this.laneA >>> 0).toString(16).padStart(8, '0') + (this.laneB >>> 0).toString(16).padStart(8, '0');
  }

  /**
   * Each text is folded with its length first, so no two splits of the same text collide; two
   * UTF-16 units make one word, which halves the multiplications of the longest loop of a run.
   */
  fold(text: string): void {
    const length = text.length;
    let a = Math.imul(this.laneA ^ length, 0x01000193);
    let b = Math.imul(this.laneB ^ length, 0x85ebca6b);
    let i = 0;
    for (; i + 1 < length; i += 2) {
      const pair = text.charCodeAt(i) | (text.charCodeAt(i + 1) << 16);
      a = Math.imul(a ^ pair, 0x01000193);
      b = Math.imul(b ^ pair, 0x85ebca6b);
      b ^= b >>> 13;
    }
    if (i < length) {
      const code = text.charCodeAt(i);
      a = Math.imul(a ^ code, 0x01000193);
      b = Math.imul(b ^ code, 0x85ebca6b);
      b ^= b >>> 13;
    }
    a = Math.imul(a ^ SEPARATOR, 0x01000193);
    b = Math.imul(b ^ SEPARATOR, 0xc2b2ae35);
    b ^= b >>> 16;
    this.laneA = a;
    this.laneB = b;
  }

  /** One 32-bit word: a tag, a whole number, half of a fraction. */
  foldWord(word: number): void {
    const a = Math.imul(this.laneA ^ word, 0x01000193);
    let b = Math.imul(this.laneB ^ word, 0x85ebca6b);
    b ^= b >>> 15;
    this.laneA = a;
    this.laneB = b;
  }

  /** As JSON reads it back: -0 is 0, and what is not finite is null. */
  foldNumber(value: number): void {
    if (!Number.isFinite(value)) {
      this.foldWord(TAG_NULL);
    } else if (Number.isInteger(value) && value >= -0x80000000 && value <= 0x7fffffff) {
      this.foldWord(TAG_WHOLE);
      this.foldWord(value | 0);
    } else {
      float[0] = value;
      this.foldWord(TAG_FRACTION);
      this.foldWord(floatWords[0] as number);
      this.foldWord(floatWords[1] as number);
    }
  }

  /**
   * A JSON value, walked as JSON.stringify writes it: object keys in their own order, a key
   * whose value JSON leaves out (undefined, a function) left out, such a value in an array as null.
   */
  foldValue(value: unknown): void {
    switch (typeof value) {
      case 'string':
        this.foldWord(TAG_STRING);
        this.fold(value);
        return;
      case 'number':
        this.foldNumber(value);
        return;
      case 'boolean':
        this.foldWord(value ? TAG_TRUE : TAG_FALSE);
        return;
      case 'object':
        if (value === null) this.foldWord(TAG_NULL);
        else if (Array.isArray(value)) this.foldArray(value);
        else this.foldObject(value as Readonly<Record<string, unknown>>);
        return;
      default:
        this.foldWord(TAG_NULL);
    }
  }

  private foldArray(values: readonly unknown[]): void {
    this.foldWord(TAG_ARRAY);
    for (const item of values) this.foldValue(item);
    this.foldWord(TAG_END);
  }

  private foldObject(record: Readonly<Record<string, unknown>>): void {
    this.foldWord(TAG_OBJECT);
    for (const key in record) {
      if (!Object.hasOwn(record, key)) continue;
      const item = record[key];
      if (item === undefined || typeof item === 'function' || typeof item === 'symbol') continue;
      this.fold(key);
      this.foldValue(item);
    }
    this.foldWord(TAG_END);
  }
}
