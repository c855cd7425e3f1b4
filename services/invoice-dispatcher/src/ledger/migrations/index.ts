import { DispatcherLedger1767312000000 } from './1767312000000-dispatcher-ledger';
import { DispatcherKafkaInflight1767312000001 } from './1767312000001-kafka-inflight';
import { DispatcherOutboxSetAside1780000000000 } from './1780000000000-outbox-set-aside';
import { DispatcherVhsysRate1780000000001 } from './1780000000001-vhsys-rate';
import { DispatcherSaleLeases1780000000002 } from './1780000000002-sale-leases';
import { DispatcherStepMarkerSearch1780000000003 } from './1780000000003-step-marker-search';
import { DispatcherReprocessRequest1780000000004 } from './1780000000004-reprocess-request';
import { DispatcherAudit1780000000005 } from './1780000000005-audit';
import { DispatcherAuditRepairFailed1780000000006 } from './1780000000006-audit-repair-failed';
import { DispatcherLedgerOccurredAt1780000000007 } from './1780000000007-ledger-occurred-at';

/** The dispatcher schema's migrations, in order (run by ServiceDatabaseModule at start). */
export const DISPATCHER_MIGRATIONS = [DispatcherLedger1767312000000, DispatcherKafkaInflight1767312000001, DispatcherOutboxSetAside1780000000000, DispatcherVhsysRate1780000000001, DispatcherSaleLeases1780000000002, DispatcherStepMarkerSearch1780000000003, DispatcherReprocessRequest1780000000004, DispatcherAudit1780000000005, DispatcherAuditRepairFailed1780000000006, DispatcherLedgerOccurredAt1780000000007];
