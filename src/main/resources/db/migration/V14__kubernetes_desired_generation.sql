-- The kubernetes runtime's write guard (runtimes.md §3.2): bumped in every transaction that changes a process's
-- desired instances; a replica writing a StatefulSet skips when the cluster already holds a newer generation, so
-- writes applied out of order cannot roll a process back.
ALTER TABLE processes ADD COLUMN desired_generation BIGINT NOT NULL DEFAULT 0;
