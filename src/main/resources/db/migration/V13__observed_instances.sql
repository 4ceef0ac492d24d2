-- What a real runtime (local) observes of each desired instance, written by the supervising replica on every
-- transition only (never periodically): every replica answers stats and steps rollouts from these columns. The
-- simulated runtime leaves them at their defaults and derives state from started_at and the clock.
ALTER TABLE process_instances
    ADD COLUMN state       VARCHAR(16),            -- STARTING, RUNNING, CRASHED, DOWN; null: not yet observed
    ADD COLUMN routable    BOOLEAN     NOT NULL DEFAULT FALSE,
    ADD COLUMN since       TIMESTAMPTZ,            -- when the instance entered its state
    ADD COLUMN details     VARCHAR(255),           -- why it crashed or is down
    ADD COLUMN crash_count INTEGER     NOT NULL DEFAULT 0,
    ADD COLUMN host        VARCHAR(255),           -- where the router and clients reach it
    ADD COLUMN port        INTEGER,
    ADD COLUMN pid         BIGINT;

