-- socai schema 3: risk debt (DOMAIN.md section 4).
-- Written-off debt is borne by the credit risk reserve fund and followed off balance sheet,
-- per loan, until it is recovered; recoveries are income and never reopen the loan.

INSERT INTO accounts (code, name, type, control, description, created_at) VALUES
  ('601003', 'Equity:RiskReserve', 'equity', 0, 'credit risk reserve fund: bears written-off debt', strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
  ('971001', 'OffBalance:WrittenOff:01', 'off-balance', 1, 'written-off debt still followed for recovery: program 01', strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
  ('971019', 'OffBalance:WrittenOff:19', 'off-balance', 1, 'written-off debt still followed for recovery: program 19', strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
  ('971009', 'OffBalance:WrittenOff:09', 'off-balance', 1, 'written-off debt still followed for recovery: program 09', strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
  ('971002', 'OffBalance:WrittenOff:02', 'off-balance', 1, 'written-off debt still followed for recovery: program 02', strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
  ('971003', 'OffBalance:WrittenOff:03', 'off-balance', 1, 'written-off debt still followed for recovery: program 03', strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
  ('971006', 'OffBalance:WrittenOff:06', 'off-balance', 1, 'written-off debt still followed for recovery: program 06', strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
  ('971010', 'OffBalance:WrittenOff:10', 'off-balance', 1, 'written-off debt still followed for recovery: program 10', strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
  ('971012', 'OffBalance:WrittenOff:12', 'off-balance', 1, 'written-off debt still followed for recovery: program 12', strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
  ('972001', 'OffBalance:WrittenOffContra:01', 'off-balance', 0, 'contra of written-off debt: program 01', strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
  ('972019', 'OffBalance:WrittenOffContra:19', 'off-balance', 0, 'contra of written-off debt: program 19', strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
  ('972009', 'OffBalance:WrittenOffContra:09', 'off-balance', 0, 'contra of written-off debt: program 09', strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
  ('972002', 'OffBalance:WrittenOffContra:02', 'off-balance', 0, 'contra of written-off debt: program 02', strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
  ('972003', 'OffBalance:WrittenOffContra:03', 'off-balance', 0, 'contra of written-off debt: program 03', strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
  ('972006', 'OffBalance:WrittenOffContra:06', 'off-balance', 0, 'contra of written-off debt: program 06', strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
  ('972010', 'OffBalance:WrittenOffContra:10', 'off-balance', 0, 'contra of written-off debt: program 10', strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
  ('972012', 'OffBalance:WrittenOffContra:12', 'off-balance', 0, 'contra of written-off debt: program 12', strftime('%Y-%m-%dT%H:%M:%SZ', 'now'));
