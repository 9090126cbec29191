import { Button } from '@utrecht/component-library-react';

/** Prints the page with the print styles (@media print in app.css: no navigation, forms or actions). */
export function PrintButton({ what }: { what: string }) {
  return (
    <Button
      type="button"
      appearance="secondary-action-button"
      className="rk-print-button rk-print-hide"
      onClick={() => window.print()}
      data-testid="print-button"
    >
      {what} afdrukken
    </Button>
  );
}
