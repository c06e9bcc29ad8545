import type { InputHTMLAttributes, Ref } from 'react';
import { cn } from '../../lib/cn';

export function Input({
  className,
  ref,
  ...props
}: InputHTMLAttributes<HTMLInputElement> & { ref?: Ref<HTMLInputElement> }) {
  return (
    <input
      ref={ref}
      className={cn(
        'block min-h-10 w-full rounded-md border border-slate-400 bg-white px-3 py-2 text-base',
        'focus-visible:outline-2 focus-visible:outline-teal-700 aria-[invalid=true]:border-red-700',
        className,
      )}
      {...props}
    />
  );
}
