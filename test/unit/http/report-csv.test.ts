import { describe, expect, it } from 'vitest';
import { emptyReportParts, finalizeReport, type Report } from '../../../shared/domain/report.js';
import { reportCsv } from '../../../shared/http/report-csv.js';
import { parseCsv } from '../aggregation/fixtures.js';

const base = (): Report =>
  finalizeReport(emptyReportParts(), { computedAt: '2024-06-02T00:00:00.000Z', eventsThrough: '2024-06-01T23:00:00.000Z', kWindowSeconds: 3600 });

const rowsOf = (report: Report) => parseCsv(reportCsv(report));
const rowsIn = (report: Report, section: string) => rowsOf(report).filter(([name]) => name === section);
const valueOf = (report: Report, section: string, key: string, metric: string) =>
  rowsOf(report).find((row) => row[0] === section && row[1] === key && row[2] === metric)?.[3];

describe('reportCsv: layout', () => {
  it('starts with the header row and ends every row with CRLF', () => {
    const csv = reportCsv(base());

    expect(csv.startsWith('section,key,metric,value\r\n')).toBe(true);
    expect(csv.endsWith('\r\n')).toBe(true);
    expect(csv.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
  });

  it('has exactly four fields in every row', () => {
    const report: Report = {
      ...base(),
      channels: [{ channel: 'a,b', links: 1, clicks: 2, uniqueVisitors: 1, reshares: 0, downstreamLinks: 0, deepestSpread: 0 }],
    };

    expect(rowsOf(report).every((row) => row.length === 4)).toBe(true);
  });

  it('writes the summary metrics one per row, with an empty key, and a null as an empty value', () => {
    const report: Report = { ...base(), clicks: 12, amplification: null, kFactor: 0.5 };

    expect(valueOf(report, 'summary', '', 'clicks')).toBe('12');
    expect(valueOf(report, 'summary', '', 'kFactor')).toBe('0.5');
    expect(valueOf(report, 'summary', '', 'kWindowSeconds')).toBe('3600');
    expect(valueOf(report, 'summary', '', 'eventsThrough')).toBe('2024-06-01T23:00:00.000Z');
    expect(valueOf(report, 'summary', '', 'amplification')).toBe('');
    expect(reportCsv(report)).toContain('\r\nsummary,,amplification,\r\n');
  });

  it('writes the sections in long form: section, key, metric, value', () => {
    const report: Report = {
      ...base(),
      largestCascade: { rootCode: 'Seed000001', size: 3, depth: 1, structuralVirality: 1.3333333333333333 },
      conversionValueByCurrency: { EUR: 12.5 },
      perGeneration: [{ generation: 0, links: 2, clicks: 5, uniqueVisitors: 4, k: 0.5 }],
      channels: [{ channel: null, links: 1, clicks: 2, uniqueVisitors: 1, reshares: 1, downstreamLinks: 3, deepestSpread: 2 }],
      referrers: [{ host: 'news.example', clicks: 9 }],
      timeline: [{ start: '2024-06-01T12:00:00.000Z', clicks: 3, links: 1, reshares: 0 }],
    };

    const rows = rowsOf(report).filter(([section]) => section !== 'summary' && section !== 'section');

    expect(rows).toEqual([
      ['largestCascade', '', 'rootCode', 'Seed000001'],
      ['largestCascade', '', 'size', '3'],
      ['largestCascade', '', 'depth', '1'],
      ['largestCascade', '', 'structuralVirality', '1.3333333333333333'],
      ['conversionValue', 'EUR', 'value', '12.5'],
      ['generation', '0', 'links', '2'],
      ['generation', '0', 'clicks', '5'],
      ['generation', '0', 'uniqueVisitors', '4'],
      ['generation', '0', 'k', '0.5'],
      ['channel', '', 'links', '1'],
      ['channel', '', 'clicks', '2'],
      ['channel', '', 'uniqueVisitors', '1'],
      ['channel', '', 'reshares', '1'],
      ['channel', '', 'downstreamLinks', '3'],
      ['channel', '', 'deepestSpread', '2'],
      ['referrer', 'news.example', 'clicks', '9'],
      ['timeline', '2024-06-01T12:00:00.000Z', 'clicks', '3'],
      ['timeline', '2024-06-01T12:00:00.000Z', 'links', '1'],
      ['timeline', '2024-06-01T12:00:00.000Z', 'reshares', '0'],
    ]);
  });

  it('writes no array or object as a summary value', () => {
    const summary = rowsIn(base(), 'summary');

    expect(summary.map(([, , metric]) => metric)).not.toContain('generationSizes');
    expect(summary.some(([, , , value]) => value?.includes('[object') || value?.startsWith('['))).toBe(false);
  });
});

describe('reportCsv: quoting (RFC 4180)', () => {
  it.each([
    ['a comma', 'news, weekly', '"news, weekly"'],
    ['a double quote', 'the "best" one', '"the ""best"" one"'],
    ['a line feed', 'two\nlines', '"two\nlines"'],
    ['a carriage return', 'two\rlines', '"two\rlines"'],
  ])('quotes a field with %s, doubling its quotes', (_, channel, field) => {
    const report: Report = { ...base(), channels: [{ channel, links: 1, clicks: 0, uniqueVisitors: 0, reshares: 0, downstreamLinks: 0, deepestSpread: 0 }] };

    expect(reportCsv(report)).toContain(`\r\nchannel,${field},links,1\r\n`);
    expect(rowsIn(report, 'channel')[0]?.[1]).toBe(channel);
  });

  it('leaves plain fields unquoted', () => {
    const report: Report = { ...base(), referrers: [{ host: 'news.example', clicks: 2 }] };

    expect(reportCsv(report)).toContain('\r\nreferrer,news.example,clicks,2\r\n');
  });
});

describe('reportCsv: spreadsheet formulas', () => {
  it.each(['=HYPERLINK("http://evil.example","x")', '+1+1', '-2+3', '@SUM(A1:A2)', '\t=1', '\r=1'])(
    'defuses text starting with a formula character: %j',
    (channel) => {
      const report: Report = { ...base(), channels: [{ channel, links: 1, clicks: 0, uniqueVisitors: 0, reshares: 0, downstreamLinks: 0, deepestSpread: 0 }] };

      expect(rowsIn(report, 'channel')[0]?.[1]).toBe(`'${channel}`);
    },
  );

  it('defuses user text in any column, such as a referrer host', () => {
    const report: Report = { ...base(), referrers: [{ host: '=cmd|x', clicks: 1 }] };

    expect(rowsIn(report, 'referrer')[0]).toEqual(['referrer', "'=cmd|x", 'clicks', '1']);
  });

  it('quotes a defused field that also needs quoting', () => {
    const report: Report = {
      ...base(),
      channels: [{ channel: '=a,b', links: 1, clicks: 0, uniqueVisitors: 0, reshares: 0, downstreamLinks: 0, deepestSpread: 0 }],
    };

    expect(reportCsv(report)).toContain(`\r\nchannel,"'=a,b",links,1\r\n`);
  });

  it('does not alter numbers: a negative number stays as is', () => {
    const report: Report = { ...base(), conversionValue: -5, conversionValueByCurrency: { EUR: -2.5 } };

    expect(valueOf(report, 'summary', '', 'conversionValue')).toBe('-5');
    expect(reportCsv(report)).toContain('\r\nconversionValue,EUR,value,-2.5\r\n');
  });

  it('leaves text that merely contains a formula character later on alone', () => {
    const report: Report = {
      ...base(),
      channels: [{ channel: 'a=b-c', links: 1, clicks: 0, uniqueVisitors: 0, reshares: 0, downstreamLinks: 0, deepestSpread: 0 }],
    };

    expect(rowsIn(report, 'channel')[0]?.[1]).toBe('a=b-c');
  });
});

describe('reportCsv: arrivals', () => {
  it('writes each arrival channel’s clicks, visitors and re-shares as rows of the arrival section', () => {
    const report: Report = { ...base(), arrivals: [{ channel: 'whatsapp', clicks: 3, uniqueVisitors: 2, reshares: 1 }] };

    expect(rowsIn(report, 'arrival')).toEqual([
      ['arrival', 'whatsapp', 'clicks', '3'],
      ['arrival', 'whatsapp', 'uniqueVisitors', '2'],
      ['arrival', 'whatsapp', 'reshares', '1'],
    ]);
    expect(rowsIn(report, 'summary').map(([, , metric]) => metric)).not.toContain('arrivals');
  });
});
