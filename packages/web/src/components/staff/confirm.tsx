import { useEffect, useRef } from 'react';
import { Button } from '../ui/button';

/**
 * A destructive action asked twice, in place (no modal: on a phone the question stays next to the row it is
 * about). Focus moves to the safe answer, so an Enter pressed twice by habit keeps the thing.
 */
export function ConfirmInline({
  question,
  yes,
  no,
  busy,
  onYes,
  onNo,
}: {
  question: string;
  yes: string;
  no: string;
  busy?: boolean;
  onYes: () => void;
  onNo: () => void;
}) {
  const group = useRef<HTMLDivElement>(null);
  useEffect(() => group.current?.querySelector<HTMLButtonElement>('[data-safe]')?.focus(), []);
  return (
    <div
      ref={group}
      className="mt-2 flex w-full flex-wrap items-center gap-2 rounded-md bg-amber-50 p-3 ring-1 ring-amber-200"
      role="group"
      aria-label={question}
    >
      <span className="text-sm text-slate-900">{question}</span>
      <Button variant="danger" disabled={busy} onClick={onYes}>
        {yes}
      </Button>
      <Button data-safe variant="secondary" onClick={onNo}>
        {no}
      </Button>
    </div>
  );
}
