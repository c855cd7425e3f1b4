import { readTransactionPage } from './transaction-page';

const FIRST_PAGE = {
  data: [{ id: 'a', status: 'approved', dates: { ordered_at: 1772366400 } }],
  has_more_pages: true,
  next_cursor: 'eyJrIjoxfQ',
  previous_cursor: null,
  per_page: 1,
  on_first_page: true,
  on_last_page: false,
  total_rows: 2,
};

describe('readTransactionPage', () => {
  it('reads the envelope, transactions in the webhook form', () => {
    expect(readTransactionPage(FIRST_PAGE, 1)).toEqual({
      transactions: [{ id: 'a', status: 'approved', dates: { ordered_at: '2026-03-01T12:00:00Z' } }],
      hasMorePages: true,
      nextCursor: 'eyJrIjoxfQ',
      previousCursor: null,
      perPage: 1,
      onFirstPage: true,
      onLastPage: false,
      totalRows: 2,
    });
  });

  it('has no total on later pages and no next cursor on the last', () => {
    const last = { ...FIRST_PAGE, has_more_pages: false, next_cursor: null, previous_cursor: 'eyJrIjowfQ', on_first_page: false, on_last_page: true };
    delete (last as Record<string, unknown>).total_rows;
    expect(readTransactionPage(last, 1)).toMatchObject({ totalRows: null, nextCursor: null, previousCursor: 'eyJrIjowfQ', onLastPage: true });
  });

  it('refuses what would break paging or is not Guru', () => {
    expect(() => readTransactionPage({ ...FIRST_PAGE, next_cursor: null }, 1)).toThrow('unexpected Guru answer: next_cursor is missing although has_more_pages is true');
    expect(() => readTransactionPage({ ...FIRST_PAGE, data: [{ id: 'a' }, { id: 'b' }] }, 1)).toThrow('data has 2 rows, more than the 1 asked for');
    expect(() => readTransactionPage({ ...FIRST_PAGE, data: [{ status: 'approved' }] }, 1)).toThrow('data[0].id is missing');
    expect(() => readTransactionPage({ ...FIRST_PAGE, has_more_pages: 'yes' }, 1)).toThrow('has_more_pages is not a boolean');
    expect(() => readTransactionPage({ ...FIRST_PAGE, total_rows: -1 }, 1)).toThrow('total_rows is not a non-negative integer');
    expect(() => readTransactionPage([], 1)).toThrow('body is not an object');
  });
});
