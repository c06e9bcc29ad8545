import { useTranslation } from 'react-i18next';
import type { FieldValues, Path, UseFormSetError } from 'react-hook-form';
import { ApiError } from '../api/problem';

/**
 * Puts a problem's invalid fields next to their inputs (`errors[].field` names the body's field, dotted for
 * nested ones) and answers what is left to say above the form: the problem's translated `detail`.
 */
export function applyProblem<T extends FieldValues>(
  err: unknown,
  setError: UseFormSetError<T>,
  fields: readonly string[],
) {
  if (!(err instanceof ApiError)) return;
  for (const e of err.problem.errors ?? []) {
    const name = e.field.replace(/^body\./, '');
    if (fields.includes(name)) setError(name as Path<T>, { type: 'server', message: e.message });
  }
}

/** An error in words: the API's translated detail, or a network/generic message. Never raw JSON. */
export function ProblemMessage({ error }: { error: unknown }) {
  const { t } = useTranslation();
  if (!error) return null;
  const text =
    error instanceof ApiError
      ? (error.problem.detail ?? error.problem.title ?? t('error.generic'))
      : error instanceof TypeError
        ? t('error.network')
        : t('error.generic');
  return (
    <p role="alert" className="rounded-md bg-red-50 p-3 text-sm text-red-900 ring-1 ring-red-200">
      {text}
    </p>
  );
}

export function EmptyState({ children }: { children: React.ReactNode }) {
  return (
    <p className="rounded-md border border-dashed border-slate-400 p-6 text-center text-slate-700">
      {children}
    </p>
  );
}
