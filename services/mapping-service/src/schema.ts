import { OutboxMessage } from '@gv/db';
import { CreateParkedSales1764400000000 } from './migrations/1764400000000-create-parked-sales';
import { CreateAwaitingInvoices1764400000001 } from './migrations/1764400000001-create-awaiting-invoices';
import { CreateOutbox1764400000002 } from './migrations/1764400000002-create-outbox';
import { CreateKafkaInflight1764400000003 } from './migrations/1764400000003-create-kafka-inflight';
import { MappingOutboxSetAside1780000000000 } from './migrations/1780000000000-outbox-set-aside';
import { ParkedSale } from './parking/parked-sale.entity';
import { AwaitingInvoice } from './warranty/awaiting-invoice.entity';

/** mapping-service's schema: its entities and the migrations that create them, in order. */
export const MAPPING_ENTITIES = [ParkedSale, AwaitingInvoice, OutboxMessage];
export const MAPPING_MIGRATIONS = [
  CreateParkedSales1764400000000,
  CreateAwaitingInvoices1764400000001,
  CreateOutbox1764400000002,
  CreateKafkaInflight1764400000003,
  MappingOutboxSetAside1780000000000,
];
