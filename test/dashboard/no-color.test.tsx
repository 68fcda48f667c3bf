import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { render } from 'ink-testing-library';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { colourWanted } from '../../sim/dashboard/colour-env.ts';
import { Dashboard } from '../../sim/dashboard/components/Dashboard.tsx';
import { fixtureModel } from './fixture.ts';

/** An SGR colour (foreground or background, 16, 256 or true colour); bold (1) and dim (2) are not colour. */
const ESC = String.fromCharCode(27);
const COLOUR_CODE = new RegExp(`${ESC}\\[(?:3[0-9]|4[0-9]|9[0-7]|10[0-7])(?:;[0-9;]*)?m`);

/**
 * ink paints through its own copy of chalk, which picks its colour level once, from the test
 * process's stdout (not a terminal: no colour). The test turns that copy's level up, so colour
 * shows unless the dashboard leaves it out.
 */
const inkChalk = (await import(pathToFileURL(createRequire(createRequire(import.meta.url).resolve('ink')).resolve('chalk')).href)) as { default: { level: number } };
let levelBefore = 0;
beforeAll(() => {
  levelBefore = inkChalk.default.level;
  inkChalk.default.level = 1;
});
afterAll(() => {
  inkChalk.default.level = levelBefore;
});
afterEach(() => {
  vi.unstubAllEnvs();
});

function screen(): string {
  const model = fixtureModel();
  model.addFinding({ invariant: 'hold-uniqueness', orderId: 'web-1', detail: 'two live holds', firstBadEvent: null });
  const { lastFrame, unmount } = render(<Dashboard snapshot={model.snapshot()} speed={3600} compression={1} mode="running" columns={120} />);
  const text = lastFrame() ?? '';
  unmount();
  return text;
}

describe('NO_COLOR and FORCE_COLOR', () => {
  it('colours the screen when neither is set', () => {
    vi.stubEnv('NO_COLOR', undefined);
    vi.stubEnv('FORCE_COLOR', undefined);
    expect(screen()).toMatch(COLOUR_CODE);
  });

  it('NO_COLOR set and not empty: no colour anywhere, the text and bold stay', () => {
    vi.stubEnv('NO_COLOR', '1');
    vi.stubEnv('FORCE_COLOR', undefined);
    const text = screen();
    expect(text).not.toMatch(COLOUR_CODE);
    expect(text).toContain('RUNNING');
    expect(text).toContain(`${ESC}[1m`);
  });

  it('an empty NO_COLOR is as if unset', () => {
    vi.stubEnv('NO_COLOR', '');
    vi.stubEnv('FORCE_COLOR', undefined);
    expect(screen()).toMatch(COLOUR_CODE);
  });

  it('a FORCE_COLOR that forces wins over NO_COLOR', () => {
    vi.stubEnv('NO_COLOR', '1');
    vi.stubEnv('FORCE_COLOR', '1');
    expect(screen()).toMatch(COLOUR_CODE);
  });

  it('reads the environment as no-color.org and chalk do', () => {
    expect(colourWanted({})).toBe(true);
    expect(colourWanted({ NO_COLOR: 'yes' })).toBe(false);
    expect(colourWanted({ NO_COLOR: '0' })).toBe(false);
    expect(colourWanted({ NO_COLOR: '' })).toBe(true);
    expect(colourWanted({ NO_COLOR: '1', FORCE_COLOR: '2' })).toBe(true);
    expect(colourWanted({ NO_COLOR: '1', FORCE_COLOR: '' })).toBe(true);
    expect(colourWanted({ NO_COLOR: '1', FORCE_COLOR: '0' })).toBe(false);
    expect(colourWanted({ NO_COLOR: '1', FORCE_COLOR: 'false' })).toBe(false);
  });
});
