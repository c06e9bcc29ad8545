-- Nearby search reads the GiST index on `earth` for the rows in range, then checks visibility and counts them.
-- Rows are stored in creation order, not by place, so each candidate was one heap page read: with the columns
-- the visibility rule and the page's ordering need carried in the index, the count and the choice of a page's
-- ids are index-only scans, and only the page's own rows are read from the table.
DROP INDEX IF EXISTS "segments_earth_idx";--> statement-breakpoint
CREATE INDEX "segments_earth_idx" ON "segments" USING gist ("earth") INCLUDE ("id", "owner_id", "visibility", "gym_id");
