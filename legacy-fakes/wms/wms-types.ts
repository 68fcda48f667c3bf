/** The WMS fake's configuration and ground-truth shapes. */
import type { Ratio } from '../http.ts';
import type { BatchDocType, BatchFileRejection } from './batch-file.ts';

/**
 * Faults of a real warehouse system, each off unless configured. Every ratio is drawn from its
 * own seeded stream (`wms.<dcId>.<quirk>`), so turning one on never reshuffles another, and an
 * absent quirk draws nothing at all. docs/fakes/wms.md describes each one.
 */
export interface WmsQuirks {
  /** An outbound file (ACK, SHIPCONF, SNAPSHOT) is renamed into `out/` late; its content keeps the time it was made. */
  lateFiles?: { ratio: Ratio; delayMinutes: { min: number; max: number } };
  /**
   * An outbound file renamed into `out/` days late (a stuck transfer found after a weekend): its
   * own stream, drawn beside `lateFiles`; a file both draw is as late as the later of the two.
   */
  veryLateFiles?: { ratio: Ratio; delayHours: { min: number; max: number } };
  /** After a job restart a SHIPCONF is exported again: new control number, same shipment rows. */
  duplicateConfirmation?: Ratio;
  /**
   * A wave's SHIPCONF exported again `delayHours` later (an export re-run over past days): a new
   * control number, the same shipment rows and ship times, long after the first was read.
   */
  lateDuplicateConfirmation?: { ratio: Ratio; delayHours: { min: number; max: number } };
  /** An outbound file is cut short (the writer died mid-file, the rename happened anyway). */
  truncatedFile?: Ratio;
  /** An outbound file's trailer hash does not match its content. */
  checksumMismatch?: Ratio;
  /** Two consecutive outbound files swap control numbers: the later-written one carries the lower. */
  outOfOrderControlNumbers?: Ratio;
  /** At a batch window, an ACK for a release control number the WMS never received. */
  phantomAck?: Ratio;
  /** The nightly snapshot is taken before the day's ship wave and written after it. */
  staleSnapshot?: Ratio;
  /** The batch window does not run that night; release files wait for the next one. */
  skippedNights?: Ratio;
  /** A line ships fewer units than accepted (maybe none); the WMS cancels the rest. */
  shortShip?: Ratio;
  /** One FO's units leave in two shipments, possibly one line split across both. */
  splitShipment?: Ratio;
  /** A line the stock covers is rejected anyway, reason DAMAGED. */
  rejectLine?: Ratio;
  /**
   * A release file vanishes from `in/` before the batch job reads it (a transfer or clean-up job
   * lost it): never read, never acknowledged, its control number never taken, so the same file
   * sent again is read as new (incident 21). A file is lost at most once: its re-send arrives.
   */
  lostRelease?: Ratio;
  /**
   * The export job marks a release's ACK exported without writing it (a failed query, a crash
   * between the mark and the write): it never reaches `out/` and takes no control number, so no
   * gap shows it. A re-send request for its release (`RELEASE n`) exports it then, from the
   * WMS's own records, under a new control number. `k` of every `n` releases read, exactly.
   */
  unexportedAck?: Ratio;
  /** The same for a ship wave's SHIPCONF, `k` of every `n` waves that ship something. */
  unexportedConfirmation?: Ratio;
  /**
   * The export job writes a file whose content breaks the format under a trailer and hash that
   * check out (a short header, a row count one too many, a blank required field, a shipment time
   * without its `T`): a reader must refuse it for its content. Copies written for a re-send
   * request are rendered from the records again, and come out right.
   */
  malformedFile?: Ratio;
  /**
   * The transfer from the WMS to the shared folder is stuck from `fromMs` to `toMs` (epoch ms; a
   * full disk, an expired transfer key): every file the WMS writes meanwhile, copies for re-send
   * requests included, waits and arrives at `toMs`, in the order written. The WMS itself runs on.
   */
  stuckTransfer?: { fromMs: number; toMs: number };
}

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
  /** Absent: a well-behaved WMS, and no random stream is touched. */
  quirks?: WmsQuirks;
  /**
   * From this instant (epoch ms) the batch window runs every night whatever `skippedNights`
   * draws, and the export job writes every confirmation it marks exported
   * (`unexportedConfirmation`): the simulation's heal phase, where faults stop and batch windows
   * catch up. Absent: never.
   */
  windowsAlwaysRunFromMs?: number;
}

/** SHORT_SHIPPED: shipped fewer than accepted; the WMS cancelled the rest and will never ship it. */
export type WmsLineStatus = 'ACCEPTED' | 'REJECTED' | 'SHIPPED' | 'SHORT_SHIPPED';

/** Why a single line was rejected in an ACK. */
export type WmsLineRejection = 'OUT_OF_STOCK' | 'DAMAGED';

export interface WmsShipmentTruth {
  shipmentId: string;
  /** Units of this line in this shipment; 0 only for a line short-shipped to nothing. */
  quantity: number;
}

export interface WmsLineTruth {
  foId: string;
  lineNo: number;
  sku: string;
  quantity: number;
  releaseControlNumber: number;
  status: WmsLineStatus;
  /** Sum of `shipments[].quantity`. */
  shippedQuantity: number;
  /** Accepted units the WMS itself cancelled at the ship wave (short ship); 0 otherwise. */
  cancelledQuantity: number;
  /** One entry per SHIPCONF row of this line, in the order written. */
  shipments: WmsShipmentTruth[];
  /** '' unless rejected. */
  reason: '' | WmsLineRejection;
}

/** Why a file left `in/` for `quarantine/` instead of being applied. */
/** UNKNOWN_DOCUMENT: a re-send request naming a document the WMS never wrote or a release it never applied. */
export type WmsQuarantineReason = BatchFileRejection | 'BAD_NAME' | 'DUPLICATE_CONTROL_NUMBER' | 'UNKNOWN_DOCUMENT';

export interface WmsQuarantinedFile {
  /** The name it had in `in/`. */
  name: string;
  /** Where it is now; its reason file is `<path>.reason`. */
  path: string;
  reason: WmsQuarantineReason;
  message: string;
  atMs: number;
}

export type WmsFileDamage = 'NONE' | 'TRUNCATED' | 'BAD_CHECKSUM' | 'MALFORMED';

/** What a written file is beyond its document type. RESEND: a copy written to answer a re-send request. */
export type WmsFileOrigin = 'REGULAR' | 'DUPLICATE' | 'PHANTOM_ACK' | 'STALE_SNAPSHOT' | 'RESEND';

/** A file the WMS wrote to `out/`, as it really is (a checker can tell a late file from a lost one). */
export interface WmsFileTruth {
  name: string;
  docType: BatchDocType;
  controlNumber: number;
  /** When the content was made (its `createdLocal`) and written under `.tmp`; a RESEND copy has its original's bytes, so its original's time. */
  writtenAtMs: number;
  /** When it is (or will be) renamed into `out/`: later than `writtenAtMs` for a late file and for a RESEND copy. */
  deliveredAtMs: number;
  damage: WmsFileDamage;
  origin: WmsFileOrigin;
}

/** A DC's stock and the files it wrote, without its lines: what the nightly checks read, cheap to copy. */
export interface WmsDcStockTruth {
  dcId: string;
  onHand: ReadonlyMap<string, number>;
  /** Outbound files in the order they were written. */
  filesWritten: readonly WmsFileTruth[];
}

export interface WmsDcTruth {
  dcId: string;
  onHand: ReadonlyMap<string, number>;
  lines: readonly WmsLineTruth[];
  /** Release file names in the order they were read, whatever became of them (a re-sent name appears again). */
  releaseFilesRead: readonly string[];
  /** Outbound files in the order they were written. */
  filesWritten: readonly WmsFileTruth[];
  /** Inbound files moved to quarantine, in order. */
  quarantined: readonly WmsQuarantinedFile[];
  /** Names in `in/` the WMS would not even address (a path separator, `.` or `..`); left where they are. */
  refusedNames: readonly string[];
  /** Releases applied out of control-number sequence (a gap or a late lower number). */
  sequenceGaps: number;
  /** Re-send requests honoured, in order (refused ones are in `quarantined`). */
  resendsHonoured: readonly WmsResendTruth[];
}

/** A re-send request the WMS honoured: which copies it wrote (names in `out/`). */
export interface WmsResendTruth {
  /** The request file's name in `in/`. */
  name: string;
  controlNumber: number;
  copies: readonly string[];
  atMs: number;
}
