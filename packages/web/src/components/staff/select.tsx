import type { Ref, SelectHTMLAttributes } from 'react';
import { cn } from '../../lib/cn';

/** A native select styled like the inputs (native keeps keyboard and screen-reader behaviour for free). */
export function Select({
  className,
  ref,
  ...props
}: SelectHTMLAttributes<HTMLSelectElement> & { ref?: Ref<HTMLSelectElement> }) {
  return (
    <select
      ref={ref}
      className={cn(
        'block min-h-10 w-full rounded-md border border-slate-400 bg-white px-2 py-2 text-base',
        'focus-visible:outline-2 focus-visible:outline-teal-700 aria-[invalid=true]:border-red-700',
        className,
      )}
      {...props}
    />
  );
}
