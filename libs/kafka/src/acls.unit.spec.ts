import { productAcls } from './acls';

const row = (g: { principal: string; operation: string; resource: string; name: string; pattern: string }) =>
  `${g.principal} ${g.operation} ${g.resource} ${g.name}${g.pattern === 'PREFIXED' ? '*' : ''}`;

describe('productAcls: each principal gets exactly what its code does', () => {
  it('is the table of docs/kafka.md#acls for the product\'s names', () => {
    expect(productAcls().map(row)).toEqual([
      'guru-producer WRITE TOPIC guru.transactions.v1',
      'mapping-service READ TOPIC guru.transactions.v1',
      'mapping-service READ TOPIC vhsys.integration-config.v1',
      'mapping-service READ GROUP mapping-service',
      'mapping-service READ GROUP mapping-service-config-*',
      'mapping-service WRITE TOPIC vhsys.sale-orders.v1',
      'mapping-service WRITE TOPIC vhsys.dispatch-results.v1',
      'mapping-service WRITE TOPIC deadletter.mapping-service.v1',
      'mapping-service WRITE TOPIC deadletter.mapping-service-config.v1',
      'invoice-dispatcher READ TOPIC vhsys.sale-orders.v1',
      'invoice-dispatcher READ TOPIC vhsys.sale-orders.retry.v1',
      'invoice-dispatcher READ GROUP invoice-dispatcher',
      'invoice-dispatcher READ GROUP invoice-dispatcher-retry',
      'invoice-dispatcher READ TOPIC vhsys.integration-config.v1',
      'invoice-dispatcher READ TOPIC vhsys.sale-reprocess.v1',
      'invoice-dispatcher READ GROUP invoice-dispatcher-settings-*',
      'invoice-dispatcher WRITE TOPIC vhsys.dispatch-results.v1',
      'invoice-dispatcher WRITE TOPIC vhsys.sale-orders.retry.v1',
      'invoice-dispatcher WRITE TOPIC deadletter.invoice-dispatcher.v1',
      'invoice-dispatcher WRITE TOPIC deadletter.invoice-dispatcher-retry.v1',
      'invoice-dispatcher READ TOPIC vhsys.audit-requests.v1',
      'invoice-dispatcher READ GROUP invoice-dispatcher-audit',
      'invoice-dispatcher WRITE TOPIC vhsys.audit-results.v1',
      'invoice-dispatcher WRITE TOPIC deadletter.invoice-dispatcher-audit.v1',
      'config-service WRITE TOPIC vhsys.integration-config.v1',
      'config-service READ TOPIC vhsys.sale-orders.v1',
      'config-service READ TOPIC vhsys.dispatch-results.v1',
      'config-service READ GROUP config-service-sales-history',
      'config-service WRITE TOPIC vhsys.sale-reprocess.v1',
      'config-service WRITE TOPIC deadletter.config-service-sales-history.v1',
      'config-service WRITE TOPIC vhsys.audit-requests.v1',
      'config-service READ TOPIC vhsys.audit-results.v1',
      'config-service READ GROUP config-service-audits',
      'config-service WRITE TOPIC deadletter.config-service-audits.v1',
      'config-service WRITE TOPIC guru.transactions.v1',
      'ops READ TOPIC deadletter.*',
      'ops READ GROUP ops-dlq-reader-*',
      'ops DELETE GROUP ops-dlq-reader-*',
      'ops WRITE TOPIC guru.transactions.v1',
      'ops DESCRIBE_CONFIGS TOPIC guru.transactions.v1',
      'ops WRITE TOPIC vhsys.sale-orders.v1',
      'ops DESCRIBE_CONFIGS TOPIC vhsys.sale-orders.v1',
      'ops WRITE TOPIC vhsys.sale-orders.retry.v1',
      'ops DESCRIBE_CONFIGS TOPIC vhsys.sale-orders.retry.v1',
      'ops DESCRIBE GROUP mapping-service',
      'ops DESCRIBE GROUP invoice-dispatcher',
      'ops DESCRIBE GROUP invoice-dispatcher-retry',
      'ops DESCRIBE GROUP config-service-sales-history',
      'ops DESCRIBE GROUP invoice-dispatcher-audit',
      'ops DESCRIBE GROUP config-service-audits',
      'ops DESCRIBE TOPIC vhsys.dispatch-results.v1',
      'ops DESCRIBE TOPIC vhsys.sale-reprocess.v1',
      'ops DESCRIBE TOPIC vhsys.audit-requests.v1',
      'ops DESCRIBE TOPIC vhsys.audit-results.v1',
    ]);
  });

  it('follows a deployment\'s topic and group prefixes and principal names', () => {
    const rows = productAcls({ topicPrefix: 'stg.', groupPrefix: 'stg-', principals: { guruProducer: 'guru-staging' } }).map(row);
    expect(rows).toContain('guru-staging WRITE TOPIC stg.guru.transactions.v1');
    expect(rows).toContain('mapping-service READ GROUP stg-mapping-service-config-*');
    expect(rows).toContain('invoice-dispatcher WRITE TOPIC deadletter.stg-invoice-dispatcher-retry.v1');
    expect(rows.filter((r) => !r.startsWith('ops ')).every((r) => r.includes('stg'))).toBe(true);
  });

  it('never lets Guru\'s producer near the sale orders, nor config-service write anything but settings, reprocess and audit requests and imported Guru sales', () => {
    const rows = productAcls().map(row);
    expect(rows.filter((r) => r.startsWith('guru-producer '))).toEqual(['guru-producer WRITE TOPIC guru.transactions.v1']);
    expect(rows.filter((r) => r.startsWith('config-service ') && r.includes(' WRITE '))).toEqual([
      'config-service WRITE TOPIC vhsys.integration-config.v1',
      'config-service WRITE TOPIC vhsys.sale-reprocess.v1',
      'config-service WRITE TOPIC deadletter.config-service-sales-history.v1',
      'config-service WRITE TOPIC vhsys.audit-requests.v1',
      'config-service WRITE TOPIC deadletter.config-service-audits.v1',
      'config-service WRITE TOPIC guru.transactions.v1',
    ]);
  });
});
