import type { ExceptionView } from '../../orchestrator/plugin.ts';
import { gatewayBooksByOrder, type GatewayBooks } from './gateway-books.ts';
import { OwnerStockBooks } from './owner-stock.ts';
import type { CheckContext, EndOfRun, Finding, InvariantChecker, OwnerStock } from './types.ts';

/**
 * What several end-of-run checks read, read once: the open exceptions and the gateway's books.
 * Lazy, so a run whose checkers need neither never builds them.
 */
class EndOfRunFacts implements EndOfRun {
  private exceptions: readonly ExceptionView[] | undefined;
  private foIds: ReadonlySet<string> | undefined;
  private orderIds: ReadonlySet<string> | undefined;
  private books: Map<string, GatewayBooks> | undefined;
  private byFo: Map<string, ExceptionView[]> | undefined;
  private stock: OwnerStock | undefined;

  constructor(readonly context: CheckContext) {}

  openExceptions(): readonly ExceptionView[] {
    this.exceptions ??= this.context.view.openExceptions();
    return this.exceptions;
  }

  exceptedFoIds(): ReadonlySet<string> {
    this.foIds ??= new Set(this.openExceptions().map((item) => item.foId));
    return this.foIds;
  }

  exceptedOrderIds(): ReadonlySet<string> {
    this.orderIds ??= new Set(this.openExceptions().map((item) => item.orderId));
    return this.orderIds;
  }

  exceptionsOf(foId: string): readonly ExceptionView[] {
    if (this.byFo === undefined) {
      this.byFo = new Map();
      for (const item of this.openExceptions()) {
        const mine = this.byFo.get(item.foId);
        if (mine === undefined) this.byFo.set(item.foId, [item]);
        else mine.push(item);
      }
    }
    return this.byFo.get(foId) ?? [];
  }

  ownerStock(): OwnerStock {
    this.stock ??= new OwnerStockBooks(this.context);
    return this.stock;
  }

  gatewayBooks(orderId: string): GatewayBooks {
    this.books ??= gatewayBooksByOrder(this.context.payment);
    return this.books.get(orderId) ?? { captured: 0, refunded: 0, open: [], authorizations: [] };
  }
}

/**
 * The end-of-run checks, once the world has healed and stopped. Every order's view is read once,
 * in one pass that hands it to each checker's `atEndOrder` and then drops it (holding every view
 * at once cost about 1 KB an order at the end of a run); then each checker's `atEnd` looks at the
 * owners' books as a whole. Findings come out grouped by checker, in the checkers' order, as they
 * did when each checker walked every order itself; within a checker, its per-order findings come
 * before its cross-order ones. A checker's findings are held until its turn, at most
 * `maxPerChecker` of them (the world keeps no more than that in all), so a broken run with a
 * finding on every order does not hold them all.
 */
export function runEndOfRunChecks(checkers: readonly InvariantChecker[], context: CheckContext, report: (finding: Finding) => void, maxPerChecker = Number.POSITIVE_INFINITY): void {
  const end = new EndOfRunFacts(context);
  const found: Finding[][] = checkers.map(() => []);
  const keep = (mine: Finding[]) => (finding: Finding): void => {
    if (mine.length < maxPerChecker) mine.push(finding);
  };
  const perOrder = checkers.flatMap((checker, index) => (checker.atEndOrder === undefined ? [] : [{ checker, report: keep(found[index] as Finding[]) }]));
  if (perOrder.length > 0) {
    for (const order of context.view.orders()) for (const { checker, report: keep } of perOrder) checker.atEndOrder?.(order, end, keep);
  }
  checkers.forEach((checker, index) => {
    const mine = found[index] as Finding[];
    checker.atEnd?.(context, keep(mine), end);
    for (const finding of mine) report(finding);
  });
}
