import { tzOffset } from '@date-fns/tz';

const MINUTE_MS = 60_000;

/** A day busier than usual: every hour times `factor`, and one local hour times `peakFactor`. */
export interface PeakDay {
  /** Local calendar date in the workload's time zone, `YYYY-MM-DD`. */
  date: string;
  factor: number;
  peakHour?: number;
  peakFactor?: number;
}

/** A flash drop: `factor` times the usual rate for a few minutes. */
export interface FlashBurst {
  /** Hours from the scenario's start (fractions allowed). */
  atHour: number;
  minutes: number;
  factor: number;
}

export interface ArrivalShape {
  timeZone: string;
  /** Relative weight of each local hour 0..23 on an ordinary day. */
  hourlyWeights: readonly number[];
  peakDays: readonly PeakDay[];
  bursts: readonly FlashBurst[];
}

/**
 * The arrival rate, minute by minute, over the workload window, as cumulative weights: an
 * ordinary diurnal curve, scaled on peak days (Black Friday: about 6x the day, 10x the evening
 * peak hour) and lifted by flash bursts (20-50x for minutes).
 */
export function cumulativeMinuteWeights(shape: ArrivalShape, startEpochMs: number, durationMs: number): Float64Array {
  const minutes = Math.ceil(durationMs / MINUTE_MS);
  const cumulative = new Float64Array(minutes + 1);
  const days = new Map(shape.peakDays.map((day) => [day.date, day]));
  let offsetMin = 0;
  for (let minute = 0; minute < minutes; minute++) {
    const instant = startEpochMs + minute * MINUTE_MS;
    if (minute % 15 === 0) offsetMin = tzOffset(shape.timeZone, new Date(instant));
    const local = new Date(instant + offsetMin * MINUTE_MS);
    const hour = local.getUTCHours();
    const day = days.get(local.toISOString().slice(0, 10));
    let weight = shape.hourlyWeights[hour] ?? 0;
    if (day !== undefined) weight *= day.peakHour === hour && day.peakFactor !== undefined ? day.peakFactor : day.factor;
    const sinceStartHours = (minute * MINUTE_MS) / 3_600_000;
    for (const burst of shape.bursts) {
      if (sinceStartHours >= burst.atHour && sinceStartHours < burst.atHour + burst.minutes / 60) weight += (shape.hourlyWeights[hour] ?? 0) * (burst.factor - 1);
    }
    const span = Math.min(MINUTE_MS, durationMs - minute * MINUTE_MS) / MINUTE_MS;
    cumulative[minute + 1] = (cumulative[minute] as number) + weight * span;
  }
  return cumulative;
}
