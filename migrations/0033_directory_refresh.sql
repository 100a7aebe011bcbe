-- Marking a row as seen by an import rewrote this index for every unchanged row of the
-- daily refresh; the end-of-import removal scans the table once instead.
DROP INDEX directory_entries_source_run;
