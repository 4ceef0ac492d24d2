-- Deployments (CAPI V3): the rows the API writes and the rollout engine moves forward.
-- `state` is the internal state machine (DEPLOYING, PREPAUSED, PAUSED, DEPLOYED, CANCELING, CANCELED);
-- `status_value` / `status_reason` are what is rendered and are written together with it.

CREATE TABLE deployments (
    id                                   BIGSERIAL PRIMARY KEY,
    guid                                 VARCHAR(255) NOT NULL UNIQUE,
    created_at                           TIMESTAMPTZ  NOT NULL DEFAULT now(),
    updated_at                           TIMESTAMPTZ  NOT NULL DEFAULT now(),
    state                                VARCHAR(16)  NOT NULL,
    status_value                         VARCHAR(16)  NOT NULL,
    -- nullable as in CAPI (legacy rows); the status_reasons filter's empty element matches NULL
    status_reason                        VARCHAR(16),
    status_updated_at                    TIMESTAMPTZ  NOT NULL DEFAULT now(),
    last_healthy_at                      TIMESTAMPTZ  NOT NULL DEFAULT now(),
    error                                VARCHAR(255),
    strategy                             VARCHAR(16)  NOT NULL DEFAULT 'rolling',
    max_in_flight                        INTEGER      NOT NULL DEFAULT 1 CHECK (max_in_flight >= 1),
    web_instances                        INTEGER      CHECK (web_instances >= 0),
    memory_in_mb                         INTEGER      CHECK (memory_in_mb > 0),
    disk_in_mb                           INTEGER      CHECK (disk_in_mb > 0),
    -- BIGINT (CAPI's column is 32-bit and overflows with 500 for values its message accepts)
    log_rate_limit_in_bytes_per_second   BIGINT       CHECK (log_rate_limit_in_bytes_per_second >= -1),
    -- [{"instance_weight": n}, ...] exactly as given; null when no steps were given
    canary_steps                         JSONB,
    canary_current_step                  INTEGER,
    app_id                               BIGINT       NOT NULL REFERENCES apps (id) ON DELETE CASCADE,
    droplet_guid                         VARCHAR(255),
    previous_droplet_guid                VARCHAR(255),
    revision_guid                        VARCHAR(255),
    revision_version                     INTEGER,
    deploying_web_process_guid           VARCHAR(255),
    original_web_process_instance_count  INTEGER      NOT NULL,
    labels                               JSONB        NOT NULL DEFAULT '{}'::jsonb,
    annotations                          JSONB        NOT NULL DEFAULT '{}'::jsonb,
    CONSTRAINT deployments_state_check
        CHECK (state IN ('DEPLOYING', 'PREPAUSED', 'PAUSED', 'DEPLOYED', 'CANCELING', 'CANCELED')),
    CONSTRAINT deployments_strategy_check CHECK (strategy IN ('rolling', 'canary'))
);
CREATE INDEX deployments_app_id_index ON deployments (app_id);
CREATE INDEX deployments_state_index ON deployments (state);
CREATE INDEX deployments_status_value_index ON deployments (status_value);
CREATE INDEX deployments_status_reason_index ON deployments (status_reason);
CREATE INDEX deployments_created_at_index ON deployments (created_at);
CREATE INDEX deployments_updated_at_index ON deployments (updated_at);
CREATE INDEX deployments_labels_index ON deployments USING GIN (labels);
-- what the rollout engine polls and what "the app's active deployment" looks up
CREATE INDEX deployments_active_index ON deployments (app_id, id)
    WHERE state IN ('DEPLOYING', 'PREPAUSED', 'PAUSED', 'CANCELING');

-- new_processes: the processes a deployment created; rows outlive the processes themselves.
CREATE TABLE deployment_processes (
    id            BIGSERIAL PRIMARY KEY,
    created_at    TIMESTAMPTZ  NOT NULL DEFAULT now(),
    deployment_id BIGINT       NOT NULL REFERENCES deployments (id) ON DELETE CASCADE,
    process_guid  VARCHAR(255) NOT NULL,
    process_type  VARCHAR(255) NOT NULL
);
CREATE INDEX deployment_processes_deployment_id_index ON deployment_processes (deployment_id);
CREATE INDEX deployment_processes_process_guid_index ON deployment_processes (process_guid);
