import type { ComponentChildren } from 'preact';
import { downloadCsv, toCsv } from '../csv.js';

export interface Column<Row> {
  /** The header, also the CSV column's name. */
  label: string;
  /** The raw value (exported to CSV as is). */
  value(row: Row): string | number | null;
  /** How the cell shows (defaults to the raw value). */
  render?(row: Row): ComponentChildren;
  numeric?: boolean;
}

// A table with a caption, a CSV download of exactly its rows, and a sentence when it is empty.
export function DataTable<Row>({
  caption,
  columns,
  rows,
  empty,
  csvName,
}: {
  caption: string;
  columns: Column<Row>[];
  rows: readonly Row[];
  empty: string;
  csvName: string;
}) {
  return (
    <div class="table-block">
      <div class="table-head">
        <h3>{caption}</h3>
        <button
          type="button"
          class="secondary small"
          disabled={rows.length === 0}
          onClick={() =>
            downloadCsv(
              csvName,
              toCsv(
                columns.map((column) => column.label),
                rows.map((row) => columns.map((column) => column.value(row))),
              ),
            )
          }
        >
          Download CSV
        </button>
      </div>
      {rows.length === 0 ? (
        <p class="empty">{empty}</p>
      ) : (
        <table>
          <caption class="visually-hidden">{caption}</caption>
          <thead>
            <tr>
              {columns.map((column) => (
                <th scope="col" class={column.numeric ? 'num' : undefined}>
                  {column.label}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr>
                {columns.map((column) => (
                  <td class={column.numeric ? 'num' : undefined}>{column.render ? column.render(row) : column.value(row)}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
