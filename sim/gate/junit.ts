import type { JobOutcome } from './gate-job.ts';
import { incidentOf, type GateReport } from './gate-report.ts';
import { runVerdictLine } from './parking-summary.ts';
import { budgetText, describeShare } from '../world/parking-text.ts';
import { PARKING_BUDGET_INVARIANT } from '../world/parking.ts';

/** XML 1.0 cannot carry most control characters, even escaped: they are replaced. */
function xml(text: string): string {
  return text
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '\uFFFD')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

function seconds(ms: number): string {
  return (ms / 1000).toFixed(3);
}

interface Case {
  name: string;
  classname: string;
  ms: number;
  failure?: { type: string; message: string; body: string };
  error?: { type: string; message: string; body: string };
  out?: string;
}

function violationText(outcome: JobOutcome, incident: string | undefined): string {
  const lines = outcome.violations.flatMap((violation) => [
    `${violation.invariant} order ${violation.orderId || '-'}: ${violation.detail}`,
    `  first bad event: ${violation.firstBadEvent === null ? 'at the end of the run' : `#${violation.firstBadEvent.index} ${violation.firstBadEvent.kind} at +${violation.firstBadEvent.atMs} ms`}`,
  ]);
  if (outcome.violationCount > outcome.violations.length) lines.push(`... and ${outcome.violationCount - outcome.violations.length} more violation(s)`);
  if (outcome.violations.length === 0) lines.push(`did not settle: ${outcome.stopReason}`);
  lines.push(`verdict: ${runVerdictLine(outcome)}`, `replay: ${outcome.replay}`);
  if (incident !== undefined) lines.push(`incident: ${incident} (npx converge replay ${incident})`);
  return lines.join('\n');
}

/** A failure's message: the first violation; for a run over its parking budget, the budget is named too. */
function failureMessage(outcome: JobOutcome): string {
  const first = outcome.violations[0];
  const message = first === undefined ? `did not settle: ${outcome.stopReason}` : `${first.invariant} order ${first.orderId || '-'}: ${first.detail}`;
  const parked = outcome.parked;
  if (parked === null || parked.withinBudget || first?.invariant === PARKING_BUDGET_INVARIANT) return message;
  return `${message}; also over the parking budget: ${describeShare(parked.orders, outcome.orders)} parked, budget ${budgetText(parked)}`;
}

function caseOf(outcome: JobOutcome, incident: string | undefined): Case {
  const name = outcome.job.incidentPath === undefined ? `seed ${outcome.job.seed}` : `regression ${outcome.job.incidentPath}`;
  // system-out: the testcase element of junit-10.xsd has no properties, so the verdict goes here.
  const out = [`verdict: ${runVerdictLine(outcome)}`, `trace hash ${outcome.traceHash}; ${outcome.events} kernel events; faults fired: ${Object.entries(outcome.faultsFired).map(([fault, count]) => `${fault} ${count}`).join(', ') || 'none'}`, `replay: ${outcome.replay}`].join('\n');
  const base: Case = { name, classname: `converge.${outcome.scenario}`, ms: outcome.wallMs, out };
  switch (outcome.verdict) {
    case 'pass':
      return base;
    case 'fail':
      return { ...base, failure: { type: outcome.violations[0]?.invariant ?? 'convergence', message: failureMessage(outcome), body: violationText(outcome, incident) } };
    case 'vacuous':
      return { ...base, failure: { type: 'vacuous', message: `vacuous: planned fault(s) never fired: ${outcome.vacuous.join(', ')}`, body: `No invariant broke (verdict: ${runVerdictLine(outcome)}), but the run proved nothing about ${outcome.vacuous.join(', ')}.\nPlanned: ${outcome.faultPlan.join(', ')}\nreplay: ${outcome.replay}` } };
    case 'error':
      return { ...base, error: { type: 'crash', message: (outcome.error ?? 'crashed').split('\n')[0] ?? 'crashed', body: `${outcome.error ?? ''}\nreplay: ${outcome.replay}` } };
  }
}

function renderCase(test: Case): string {
  const open = `    <testcase name="${xml(test.name)}" classname="${xml(test.classname)}" time="${seconds(test.ms)}"`;
  const parts: string[] = [];
  if (test.failure !== undefined) parts.push(`      <failure type="${xml(test.failure.type)}" message="${xml(test.failure.message)}">${xml(test.failure.body)}</failure>`);
  if (test.error !== undefined) parts.push(`      <error type="${xml(test.error.type)}" message="${xml(test.error.message)}">${xml(test.error.body)}</error>`);
  if (test.out !== undefined) parts.push(`      <system-out>${xml(test.out)}</system-out>`);
  return parts.length === 0 ? `${open}/>` : `${open}>\n${parts.join('\n')}\n    </testcase>`;
}

function renderSuite(name: string, cases: readonly Case[]): string {
  const failures = cases.filter((test) => test.failure !== undefined).length;
  const errors = cases.filter((test) => test.error !== undefined).length;
  const ms = cases.reduce((sum, test) => sum + test.ms, 0);
  return [`  <testsuite name="${xml(name)}" tests="${cases.length}" failures="${failures}" errors="${errors}" skipped="0" time="${seconds(ms)}">`, ...cases.map(renderCase), '  </testsuite>'].join('\n');
}

/** JUnit XML as CI servers read it (the Jenkins xUnit dialect, test/fixtures/junit-10.xsd): one testcase per scenario × seed. */
export function renderJunit(report: GateReport): string {
  const suites = new Map<string, Case[]>();
  for (const outcome of report.candidate) {
    const suite = outcome.job.incidentPath === undefined ? outcome.scenario : 'regression-incidents';
    const cases = suites.get(suite) ?? [];
    cases.push(caseOf(outcome, incidentOf(report, outcome)));
    suites.set(suite, cases);
  }
  const determinism: Case[] = [
    {
      name: `same seed, same trace hash (${report.determinism.checked} re-run(s))`,
      classname: 'converge.determinism',
      ms: 0,
      ...(report.determinism.mismatches.length === 0
        ? {}
        : {
            failure: {
              type: 'nondeterminism',
              message: `${report.determinism.mismatches.length} re-run(s) gave another trace hash`,
              body: report.determinism.mismatches.map((m) => `${m.id} (${m.role}): ${m.firstHash} then ${m.againHash}; replay: ${m.replay}`).join('\n'),
            },
          }),
    },
  ];
  suites.set('determinism', determinism);
  const differential = report.differential;
  if (differential !== null) {
    suites.set('differential', [
      {
        name: `${differential.candidate} against ${differential.baseline}`,
        classname: 'converge.differential',
        ms: 0,
        ...(differential.regressions.length === 0 ? {} : { failure: { type: 'regression', message: `${differential.regressions.length} regression(s) against the baseline`, body: differential.regressions.join('\n') } }),
      },
    ]);
  }
  const contracts = report.contracts;
  if (contracts !== null) {
    suites.set('contracts', [
      {
        name: 'npm run contracts (Pact consumer pacts and provider verification)',
        classname: 'converge.contracts',
        ms: contracts.wallMs,
        ...(contracts.passed ? {} : { failure: { type: 'contracts', message: 'the Pact contract checks failed', body: contracts.tail } }),
      },
    ]);
  }
  const all = [...suites.values()].flat();
  const failures = all.filter((test) => test.failure !== undefined).length;
  const errors = all.filter((test) => test.error !== undefined).length;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="converge gate" tests="${all.length}" failures="${failures}" errors="${errors}" time="${seconds(report.wallMs)}">`,
    ...[...suites.entries()].map(([name, cases]) => renderSuite(name, cases)),
    '</testsuites>',
    '',
  ].join('\n');
}
