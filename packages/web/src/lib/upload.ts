import { sessionFetch } from '../api/client';
import { ApiError } from '../api/problem';
import { session } from '../api/session';

/**
 * Uploads an activity file with progress. fetch() reports no upload progress, so this is XMLHttpRequest, with
 * the same session rules as the client: the in-memory token, and one refresh-and-retry on a 401.
 */
export function uploadWorkout(file: File, onProgress: (fraction: number) => void): Promise<{ id: number }> {
  const send = () =>
    new Promise<{ status: number; body: unknown }>((resolve, reject) => {
      const xhr = new XMLHttpRequest();
      xhr.open('POST', '/api/v1/workouts/import');
      const s = session.get();
      if (s.accessToken) xhr.setRequestHeader('authorization', `Bearer ${s.accessToken}`);
      if (s.gymId) xhr.setRequestHeader('x-gym-id', s.gymId);
      xhr.setRequestHeader('accept-language', s.language);
      xhr.upload.onprogress = (e) => e.lengthComputable && onProgress(e.loaded / e.total);
      xhr.onload = () => {
        let body: unknown = null;
        try {
          body = JSON.parse(xhr.responseText);
        } catch {
          body = null;
        }
        resolve({ status: xhr.status, body });
      };
      xhr.onerror = () => reject(new TypeError('network'));
      const form = new FormData();
      form.append('file', file, file.name);
      xhr.send(form);
    });
  return (async () => {
    let res = await send();
    if (res.status === 401 && (await sessionFetch.refresh())) res = await send();
    if (res.status >= 400) throw new ApiError(res.status, res.body ?? {});
    onProgress(1);
    return res.body as { id: number };
  })();
}
