-- Bodies are stored compressed when that makes them smaller: body_encoding says how (0 as
-- received, 1 zlib), body_size is the length as received. Rows written before keep 0 and NULL and
-- are read as they are.
ALTER TABLE events ADD COLUMN body_encoding INTEGER NOT NULL DEFAULT 0;
ALTER TABLE events ADD COLUMN body_size INTEGER;
