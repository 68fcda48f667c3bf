/** The WMS fake's configuration and ground-truth shapes. */

export interface WmsDcConfig {
  dcId: string;
  timeZone: string;
  /** 'HH:mm' DC-local: when release files are read. */
  batchWindowLocal: string;
  /** 'HH:mm' DC-local: when accepted lines leave the building. */
  shipWaveLocal: string;
  /** 'HH:mm' DC-local: when the nightly stock snapshot is written. */
  snapshotLocal: string;
  stock: Readonly<Record<string, number>>;
}

export type WmsLineStatus = 'ACCEPTED' | 'REJECTED' | 'SHIPPED';

export interface WmsLineTruth {
  foId: string;
  lineNo: number;
  sku: string;
  quantity: number;
  releaseControlNumber: number;
  status: WmsLineStatus;
  shippedQuantity: number;
  /** '' unless rejected (OUT_OF_STOCK). */
  reason: string;
}

export interface WmsDcTruth {
  dcId: string;
  onHand: ReadonlyMap<string, number>;
  lines: readonly WmsLineTruth[];
  /** Release file names in the order they were read. */
  releaseFilesRead: readonly string[];
}
