-- Idempotency-Key on creates (product.md §6): one row per (caller, key, method, path). A request claims its row
-- as 'in_progress' in its own short transaction before doing the work, and records the answer as 'complete'
-- afterwards; a retry with the same key and body replays the answer. Rows are valid until expires_at (24 h) and
-- are removed lazily by the next keyed request; an expired row is taken over by a new claim.
CREATE TABLE idempotency_keys (
    id              BIGSERIAL     PRIMARY KEY,
    caller_guid     VARCHAR(255)  NOT NULL,
    idempotency_key VARCHAR(255)  NOT NULL,
    method          VARCHAR(16)   NOT NULL,
    path            VARCHAR(2048) NOT NULL,
    -- SHA-256 (hex) of the request body in canonical JSON (object keys sorted)
    request_hash    VARCHAR(64)   NOT NULL,
    state           VARCHAR(16)   NOT NULL CHECK (state IN ('in_progress', 'complete')),
    response_status INTEGER,
    response_body   TEXT,
    -- the Location header of the original answer, if it had one
    response_location VARCHAR(4096),
    created_at      TIMESTAMPTZ   NOT NULL DEFAULT now(),
    expires_at      TIMESTAMPTZ   NOT NULL,
    CONSTRAINT idempotency_keys_unique UNIQUE (caller_guid, idempotency_key, method, path)
);
CREATE INDEX idempotency_keys_expires_at_index ON idempotency_keys (expires_at);
