import { Alert, Paragraph } from '@utrecht/component-library-react';
import { useEffect, useRef, useState } from 'react';
import { api } from '../api';
import type { DemoFundingStatus } from '../api-types';
import { formatMonthLong } from './money';

const POLL_MS = 2000;
const number = new Intl.NumberFormat('nl-NL');

/**
 * While the demo funding of a demo region is being settled (serve does it in the background after
 * it starts), says how far it is and polls; when it is done it calls `onDone` so the views reload
 * with the full history. Shows nothing for a region without demo funding or once it is done.
 */
export function DemoFundingProgress({ regionId, onDone }: { regionId: string; onDone: () => void }) {
  const [status, setStatus] = useState<DemoFundingStatus | null>(null);
  const wasBusy = useRef(false);
  useEffect(() => {
    const controller = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const poll = () => {
      api.demoFunding(regionId, controller.signal).then(
        (s) => {
          if (controller.signal.aborted) return;
          setStatus(s);
          const busy = s.state === 'queued' || s.state === 'running';
          if (busy) {
            wasBusy.current = true;
            timer = setTimeout(poll, POLL_MS);
          } else if (wasBusy.current) {
            wasBusy.current = false;
            if (s.state === 'done') onDone();
          }
        },
        () => undefined, // no funding view (role, region): the page itself says why
      );
    };
    poll();
    return () => {
      controller.abort();
      if (timer) clearTimeout(timer);
    };
  }, [regionId]);

  if (!status) return null;
  if (status.state === 'failed') {
    return (
      <Alert type="warning" className="rk-alert" data-testid="demo-funding-failed">
        <Paragraph>
          <strong>De demo-financiën konden niet worden opgebouwd.</strong> {status.error}
        </Paragraph>
        <Paragraph>Bij de volgende start gaat de opbouw verder waar hij stopte.</Paragraph>
      </Alert>
    );
  }
  if (status.state !== 'queued' && status.state !== 'running') return null;
  const share = status.steps > 0 ? status.step / status.steps : 0;
  return (
    <Alert type="info" className="rk-alert rk-fin-demo-progress" data-testid="demo-funding-progress">
      <Paragraph>
        <strong>De demo-financiën worden opgebouwd.</strong> Declaraties worden een voor een afgerekend via de echte afrekening; de cijfers hieronder lopen op
        tot de opbouw klaar is.
      </Paragraph>
      <Paragraph>
        {status.state === 'queued' ? (
          'Wacht op een andere demoregio.'
        ) : status.phase === 'setup' ? (
          'Toewijzingen, tarieven, plafonds en betaalschema’s worden aangemaakt…'
        ) : (
          <>
            Tot en met {status.period ? formatMonthLong(`${status.period}-01`) : '…'}: {number.format(status.declarations)} declaraties met{' '}
            {number.format(status.lines)} prestaties ({status.step} van {status.steps} perioden).
          </>
        )}
      </Paragraph>
      <progress className="rk-fin-progress" max={1} value={share} aria-label="Voortgang van de demo-financiën">
        {Math.round(share * 100)}%
      </progress>
    </Alert>
  );
}
