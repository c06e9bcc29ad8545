-- Extensions shipped both by PGlite and by PostgreSQL contrib (design §6). Later modules add their own.
CREATE EXTENSION IF NOT EXISTS citext;
