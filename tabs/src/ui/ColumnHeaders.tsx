import { TableHeader, TableHeaderCell, TableRow } from '@fluentui/react-components';

/** A column's header: its label, and a width when the column must not be left to the table. */
export type ColumnHeader = string | { readonly label: string; readonly width: string };

/** The header row of a table. */
export function ColumnHeaders(props: { columns: readonly ColumnHeader[] }) {
  return (
    <TableHeader>
      <TableRow>
        {props.columns.map((column, i) =>
          typeof column === 'string' ? (
            <TableHeaderCell key={i}>{column}</TableHeaderCell>
          ) : (
            <TableHeaderCell key={i} style={{ width: column.width }}>
              {column.label}
            </TableHeaderCell>
          ),
        )}
      </TableRow>
    </TableHeader>
  );
}
