-- Several bookings of one slot in one statement and one commit (issue 18, the booking rush; the reservations
-- repo's `reserveBatch`). Each booking is decided exactly as the single booking statement decides it, one after
-- the other in the order given, while the slot's row is locked once for all of them: place or waitlist from the
-- locked counters as they stand after the bookings before it, a duplicate (the partial unique index, also
-- within the batch) inserts nothing, a cancelled or started slot (`starts_at <= p_nows[i]`, each booking's own
-- time) inserts nothing. The counters are written once at the end. No row when the slot is not the gym's;
-- otherwise one row per booking, `n` its 1-based index in the arrays. `waitlist_position` is the live rank
-- answered to the waitlisted (the counter after the insert); the stored ticket is `waitlist_seq + 1`.
CREATE FUNCTION "reserve_slot_batch"(p_gym integer, p_slot integer, p_users integer[], p_nows timestamptz[])
RETURNS TABLE (
  n integer,
  slot_kind text,
  slot_status text,
  slot_started boolean,
  slot_capacity integer,
  reservation_id integer,
  reservation_status text,
  booked_after integer,
  waitlist_after integer,
  waitlist_position integer
)
LANGUAGE plpgsql AS $$
DECLARE
  s record;
  v_booked integer;
  v_waiting integer;
  v_seq integer;
  v_full boolean;
  v_id integer;
  v_status reservation_status;
BEGIN
  SELECT r.kind, r.status, r.starts_at, r.capacity, r.booked_count, r.waitlist_count, r.waitlist_seq INTO s
    FROM reservable_slots r
   WHERE r.gym_id = p_gym AND r.id = p_slot
     FOR UPDATE;
  IF NOT FOUND THEN
    RETURN;
  END IF;
  v_booked := s.booked_count;
  v_waiting := s.waitlist_count;
  v_seq := s.waitlist_seq;
  FOR i IN 1 .. coalesce(cardinality(p_users), 0) LOOP
    n := i;
    slot_kind := s.kind;
    slot_status := s.status;
    slot_started := s.starts_at <= p_nows[i];
    slot_capacity := s.capacity;
    v_id := NULL;
    v_status := NULL;
    IF s.status = 'open' AND NOT slot_started THEN
      v_full := s.capacity IS NOT NULL AND v_booked >= s.capacity;
      INSERT INTO reservations AS x (gym_id, slot_id, user_id, status, position)
      VALUES (
        p_gym, p_slot, p_users[i],
        (CASE WHEN v_full THEN 'waitlisted' ELSE 'booked' END)::reservation_status,
        CASE WHEN v_full THEN v_seq + 1 END)
      ON CONFLICT DO NOTHING
      RETURNING x.id, x.status INTO v_id, v_status;
      IF v_status = 'booked' THEN
        v_booked := v_booked + 1;
      ELSIF v_status = 'waitlisted' THEN
        v_waiting := v_waiting + 1;
        v_seq := v_seq + 1;
      END IF;
    END IF;
    reservation_id := v_id;
    reservation_status := v_status;
    booked_after := v_booked;
    waitlist_after := v_waiting;
    waitlist_position := CASE WHEN v_status = 'waitlisted' THEN v_waiting END;
    RETURN NEXT;
  END LOOP;
  IF v_booked <> s.booked_count OR v_waiting <> s.waitlist_count THEN
    UPDATE reservable_slots r
       SET booked_count = v_booked, waitlist_count = v_waiting, waitlist_seq = v_seq, updated_at = now()
     WHERE r.gym_id = p_gym AND r.id = p_slot;
  END IF;
END
$$;
