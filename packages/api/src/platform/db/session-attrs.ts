/**
 * The URL handed to postgres.js, with `target_session_attrs=read-write` asked as `primary`.
 *
 * libpq's `read-write` asks the server `SHOW transaction_read_only`, which is `on` in a hot standby. postgres.js
 * (3.4) instead judges `read-write` by the `default_transaction_read_only` a server reports when a session starts
 * (PostgreSQL 14 and later report it), and a hot standby reports that as `off`: during a failover the pool kept
 * connections on the standby, and every write on them failed with 25006 until they closed (hundreds of 503s in
 * the multinode run, and one node still failing a write in twenty half a minute after the promotion).
 * `primary` is judged by `in_hot_standby`, which is what an operator writing the libpq form means. Every other
 * value, and a URL without the parameter, is passed as it is.
 */
export function driverUrl(url: string): string {
  return url.replace(/([?&]target_session_attrs=)read-write(?=&|#|$)/i, '$1primary');
}
