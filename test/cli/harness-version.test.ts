import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { HARNESS_NAME, HARNESS_VERSION } from '../../sim/harness-version.ts';

describe('harness version', () => {
  it('is the package version, so incident files and reports name the release that wrote them', () => {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { name: string; version: string };
    expect({ name: HARNESS_NAME, version: HARNESS_VERSION }).toEqual({ name: pkg.name, version: pkg.version });
  });
});
