/** An RFC 9457 problem as the API answers it: `detail` is already in the request's language. */
export interface Problem {
  type?: string;
  title?: string;
  status?: number;
  detail?: string;
  errors?: { field: string; message: string }[];
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly problem: Problem,
  ) {
    super(problem.detail ?? problem.title ?? `HTTP ${status}`);
  }
  /** The refusal's id: the last segment of its `type` URI. */
  get reason(): string | undefined {
    return this.problem.type?.split('/').pop();
  }
}

/** openapi-fetch answers `{ data, error, response }`: the data, or an ApiError carrying the problem. */
export async function unwrap<T>(p: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  const { data, error, response } = await p;
  if (response.ok) return data as T;
  const problem: Problem =
    error && typeof error === 'object' ? error : { status: response.status, title: response.statusText };
  throw new ApiError(response.status, problem);
}
