import { Button, Heading, Paragraph } from '@utrecht/component-library-react';
import { useEffect, useId, useRef, type ReactNode } from 'react';

/**
 * A modal confirmation before a legal act (gunning, beschikking, intrekken van een toewijzing,
 * contractwijziging). Built on the native <dialog> element: focus moves into the dialog and back,
 * Escape cancels, the page behind is inert. The title names the act; the body says what it does.
 */
export function ConfirmDialog({
  open,
  title,
  children,
  confirmLabel,
  onConfirm,
  onCancel,
  testId = 'confirm-dialog',
}: {
  open: boolean;
  title: string;
  children: ReactNode;
  confirmLabel: string;
  onConfirm: () => void;
  onCancel: () => void;
  testId?: string;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const bodyId = useId();
  useEffect(() => {
    const dlg = ref.current;
    if (!dlg) return;
    if (open && !dlg.open) dlg.showModal();
    if (!open && dlg.open) dlg.close();
  }, [open]);
  return (
    <dialog
      ref={ref}
      className="rk-dialog"
      aria-labelledby={titleId}
      aria-describedby={bodyId}
      data-testid={testId}
      onCancel={(e) => {
        e.preventDefault();
        onCancel();
      }}
    >
      <Heading level={2} id={titleId}>
        {title}
      </Heading>
      <div id={bodyId} className="rk-dialog__body">
        {typeof children === 'string' ? <Paragraph>{children}</Paragraph> : children}
      </div>
      <div className="rk-dialog__actions">
        <Button type="button" appearance="primary-action-button" onClick={onConfirm} data-testid={`${testId}-confirm`}>
          {confirmLabel}
        </Button>
        <Button type="button" appearance="secondary-action-button" onClick={onCancel} data-testid={`${testId}-cancel`} autoFocus>
          Annuleren
        </Button>
      </div>
    </dialog>
  );
}
