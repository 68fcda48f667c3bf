import type { JobOutcome } from '../../gate/gate-job.ts';
import { GATE_METRICS, meanOf, metricLabel } from '../../gate/gate-metrics.ts';
import { incidentOf, type GateReport } from '../../gate/gate-report.ts';
import { parkingCells, runVerdictLine, scenarioParking } from '../../gate/parking-summary.ts';
import { count, duration } from '../../dashboard/format.ts';
import { esc, page, table } from './html.ts';
import { PALETTE } from './palette.ts';
import { countTicks } from './svg.ts';
import { VERDICTS_EXPLAINED } from '../../world/verdict.ts';

const VERDICTS = ['pass', 'fail', 'vacuous', 'error'] as const;
/** From the colour-blind-safe palette, so pass and fail never look alike (green and red do for many readers). */
export const VERDICT_COLOUR: Record<(typeof VERDICTS)[number], string> = { pass: PALETTE[2], fail: PALETTE[3], vacuous: PALETTE[1], error: PALETTE[4] };

function byScenario(outcomes: readonly JobOutcome[]): Map<string, JobOutcome[]> {
  const groups = new Map<string, JobOutcome[]>();
  for (const outcome of outcomes) {
    const key = outcome.job.incidentPath === undefined ? outcome.scenario : `incident ${outcome.job.incidentPath}`;
    groups.set(key, [...(groups.get(key) ?? []), outcome]);
  }
  return groups;
}

const fileName = (key: string): string => `incident ${key.split('/').at(-1) ?? key}`;

/**
 * Each row's name, short enough for a chart label or a table cell: an incident by its file name
 * (the path is in the tooltip), unless another incident has the same file name in another folder.
 */
function shortNames(keys: readonly string[]): Map<string, string> {
  const incidents = keys.filter((key) => key.startsWith('incident '));
  const taken = new Map<string, number>();
  for (const key of incidents) taken.set(fileName(key), (taken.get(fileName(key)) ?? 0) + 1);
  return new Map(keys.map((key) => [key, key.startsWith('incident ') && taken.get(fileName(key)) === 1 ? fileName(key) : key]));
}

/** The row's name for a table cell, the whole key in its tooltip when shortened. */
function nameCell(key: string, names: ReadonlyMap<string, string>): string {
  const short = names.get(key) ?? key;
  return short === key ? esc(key) : `<span title="${esc(key)}">${esc(short)}</span>`;
}

/** Runs by verdict, one horizontal bar per scenario, on a count axis of runs. */
function verdictBars(groups: Map<string, JobOutcome[]>, names: ReadonlyMap<string, string>): string {
  const width = 1100;
  const rowH = 22;
  const left = 300;
  const right = 16;
  const axisH = 34;
  const height = groups.size * rowH + 8 + axisH;
  const ticks = countTicks(Math.max(1, ...[...groups.values()].map((runs) => runs.length)));
  const top = ticks[ticks.length - 1] ?? 1;
  const innerW = width - left - right;
  const px = (runs: number): number => left + (innerW * runs) / top;
  const rows = [...groups].map(([name, runs], i) => {
    let before = 0;
    const y = 4 + i * rowH;
    const parts = VERDICTS.map((verdict) => {
      const n = runs.filter((run) => run.verdict === verdict).length;
      const rect = n === 0 ? '' : `<rect x="${px(before).toFixed(1)}" y="${y}" width="${(px(before + n) - px(before)).toFixed(1)}" height="${rowH - 6}" fill="${VERDICT_COLOUR[verdict]}" data-verdict="${verdict}"><title>${esc(`${name}: ${n} ${verdict}`)}</title></rect>`;
      before += n;
      return rect;
    });
    const label = names.get(name) ?? name;
    return `<text x="${left - 6}" y="${y + 12}" text-anchor="end"><title>${esc(name)}</title>${esc(label.length > 48 ? `${label.slice(0, 47)}...` : label)}</text>${parts.join('')}`;
  });
  const axisY = 4 + groups.size * rowH;
  const axis = [
    `<line x1="${left}" y1="${axisY}" x2="${width - right}" y2="${axisY}" stroke="#8c959f"/>`,
    ...ticks.map((tick) => `<line x1="${px(tick).toFixed(1)}" y1="4" x2="${px(tick).toFixed(1)}" y2="${axisY + 3}" stroke="#eaeef2"/><text x="${px(tick).toFixed(1)}" y="${axisY + 15}" text-anchor="middle">${tick}</text>`),
    `<text x="${(left + innerW / 2).toFixed(1)}" y="${height - 2}" text-anchor="middle" class="axis-title">runs (scenario x seed)</text>`,
  ];
  const legend = `<div class="legend">${VERDICTS.map((verdict) => `<span><i style="background:${VERDICT_COLOUR[verdict]}"></i>${verdict}</span>`).join('')}</div>`;
  return `<figure class="chart" data-chart="verdicts" data-points="${[...groups.values()].reduce((sum, runs) => sum + runs.length, 0)}"><svg viewBox="0 0 ${width} ${height}" width="100%" role="img">${axis.join('')}${rows.join('')}</svg>${legend}</figure>`;
}

/** `3 pass`, `2 pass, 1 fail`: the verdicts of a scenario's runs in one cell, anything but a pass in red. */
function verdictCounts(runs: readonly JobOutcome[]): string {
  return VERDICTS.map((verdict) => [verdict, runs.filter((run) => run.verdict === verdict).length] as const)
    .filter(([, n]) => n > 0)
    .map(([verdict, n]) => (verdict === 'pass' ? esc(`${n} pass`) : `<span class="bad">${esc(`${n} ${verdict}`)}</span>`))
    .join(', ');
}

function scenarioTable(groups: Map<string, JobOutcome[]>, names: ReadonlyMap<string, string>): string {
  // Human headers with their units; the means are over the scenario's runs (said once, in the caption).
  const head = ['scenario', 'runs', 'verdicts', ...GATE_METRICS.map((metric) => metric.label), 'wall time'];
  const rows = [...groups].map(([name, runs]) => [
    nameCell(name, names),
    esc(count(runs.length)),
    verdictCounts(runs),
    ...GATE_METRICS.map((metric) => {
      const mean = meanOf(metric, runs.map((run) => run.metrics));
      return esc(mean === null ? 'n/a' : metric.format(mean));
    }),
    esc(duration(runs.reduce((sum, run) => sum + run.wallMs, 0) / Math.max(1, runs.length))),
  ]);
  return table(head, rows, [1, ...GATE_METRICS.map((_, i) => 3 + i)], 'fit');
}

/** Per scenario: the runs' own verdicts, parked orders summed over seeds by category, the worst seed's share, the budget. */
function parkingTable(groups: Map<string, JobOutcome[]>, names: ReadonlyMap<string, string>): string {
  const rows = [...groups].map(([name, runs]) => {
    const summary = scenarioParking(runs);
    const cells = parkingCells(summary);
    return [nameCell(name, names), esc(cells.verdicts), esc(cells.parked), esc(cells.worst), summary.overBudget > 0 ? `<span class="bad">${esc(cells.budget)}</span>` : esc(cells.budget)];
  });
  return `<section id="parked"><h2>Verdicts and parked orders</h2><p class="muted">Each run's own verdict (${esc(VERDICTS_EXPLAINED)}), and the orders parked at the end, summed over seeds, beside the scenario's parking budget.</p>${table(['scenario', 'verdicts', 'parked orders (sum over seeds, by category)', 'worst seed', 'parking budget'], rows, [], 'fit')}</section>`;
}

function failingRuns(report: GateReport): string {
  const failing = report.candidate.filter((outcome) => outcome.verdict !== 'pass');
  if (failing.length === 0) return '<p class="ok">Every run passed.</p>';
  const rows = failing.map((outcome) => {
    const why =
      outcome.verdict === 'error'
        ? `<code>${esc((outcome.error ?? '').split('\n')[0])}</code>`
        : outcome.verdict === 'vacuous'
          ? `never fired: ${esc(outcome.vacuous.join(', '))}`
          : outcome.violations.length === 0
            ? esc(`did not settle (${outcome.stopReason})`)
            : outcome.violations.map((v) => esc(`${v.invariant} ${v.orderId || '-'}: ${v.detail}`)).join('<br>') + (outcome.violationCount > outcome.violations.length ? esc(` ... ${outcome.violationCount - outcome.violations.length} more`) : '');
    const incident = incidentOf(report, outcome);
    return [esc(outcome.job.id), `<span class="bad">${esc(outcome.verdict)}</span><br>${esc(runVerdictLine(outcome))}`, why, `<code>${esc(outcome.replay)}</code>`, incident === undefined ? '-' : `<code>${esc(incident)}</code><br><code>${esc(`npx converge replay ${incident}`)}</code>`];
  });
  return table(['run', 'verdict', 'why', 'replay', 'incident'], rows, [], 'fit');
}

function differential(report: GateReport): string {
  const diff = report.differential;
  if (diff === null) return '';
  const rows = diff.metrics.map((m) => [esc(m.scenario), `${esc(metricLabel(m.metric))}<br><code>${esc(m.metric)}</code>`, esc(m.shown.baseline), esc(m.shown.candidate), m.regressed ? '<span class="bad">regressed</span>' : '<span class="ok">ok</span>']);
  const breaks = diff.newBreaks.length === 0 ? '<p class="ok">No invariant broken by the candidate that the baseline kept.</p>' : table(['run', 'invariants', 'replay'], diff.newBreaks.map((b) => [esc(b.id), esc(b.invariants.join(', ')), `<code>${esc(b.replay)}</code>`]));
  return `<section id="differential"><h2>Candidate ${esc(diff.candidate)} against baseline ${esc(diff.baseline)}</h2>${breaks}${table(['scenario', 'metric', 'baseline', 'candidate', ''], rows)}</section>`;
}

/**
 * A gate report as one self-contained HTML page (inline CSS and SVG, nothing fetched), for the
 * gate to write beside its JUnit: the verdict and its reasons, per-scenario tables and the runs
 * that failed, each with its replay command and incident file.
 */
export function renderGateHtml(report: GateReport): string {
  const groups = byScenario(report.candidate);
  const names = shortNames([...groups.keys()]);
  const s = report.settings;
  const settings = table(
    ['', ''],
    [
      ['candidate', esc(s.candidate)],
      ['baseline', esc(s.baseline ?? '-')],
      ['scenarios', esc(s.scenarios.join(', ') || '-')],
      ['seeds', esc(`${s.seeds} from ${s.firstSeed}`)],
      ['orders', esc(s.orders ?? 'from each scenario')],
      ['incidents', esc(s.incidents.length)],
      ['shard', esc(s.shard === undefined ? '-' : `${s.shard.index}/${s.shard.count}`)],
      ['determinism re-checks', esc(`${report.determinism.checked} (${report.determinism.mismatches.length} mismatched)`)],
      ['wall time', esc(duration(report.wallMs))],
    ],
  );
  const verdict = report.passed ? '<p class="ok">PASSED</p>' : `<p class="bad">FAILED</p><ul>${report.reasons.map((reason) => `<li>${esc(reason)}</li>`).join('')}</ul>`;
  const mismatches = report.determinism.mismatches.length === 0 ? '' : `<section id="determinism"><h2>Determinism mismatches</h2>${table(['run', 'role', 'first hash', 'again', 'replay'], report.determinism.mismatches.map((m) => [esc(m.id), esc(m.role), `<code>${esc(m.firstHash)}</code>`, `<code>${esc(m.againHash)}</code>`, `<code>${esc(m.replay)}</code>`]))}</section>`;
  const body = [
    `<section id="summary"><h1>Converge gate report</h1>${verdict}${settings}</section>`,
    `<section id="scenarios"><h2>Per scenario</h2>${verdictBars(groups, names)}<p class="muted">Runs by gate verdict; each metric and the wall time are means over the scenario's runs.</p>${scenarioTable(groups, names)}</section>`,
    parkingTable(groups, names),
    `<section id="failing"><h2>Failing runs</h2>${failingRuns(report)}</section>`,
    mismatches,
    differential(report),
  ].join('\n');
  return page(`Converge gate: ${report.passed ? 'passed' : 'failed'}`, body);
}

