-- The app model: apps, droplets, revisions, processes and the instances the simulated runtime derives state from.

CREATE TABLE apps (
    id                    BIGSERIAL PRIMARY KEY,
    guid                  VARCHAR(255) NOT NULL UNIQUE,
    created_at            TIMESTAMPTZ  NOT NULL DEFAULT now(),
    updated_at            TIMESTAMPTZ  NOT NULL DEFAULT now(),
    name                  VARCHAR(255) NOT NULL,
    space_id              BIGINT       NOT NULL REFERENCES spaces (id) ON DELETE CASCADE,
    desired_state         VARCHAR(16)  NOT NULL DEFAULT 'STOPPED',
    lifecycle_type        VARCHAR(16)  NOT NULL DEFAULT 'buildpack',
    lifecycle_data        JSONB        NOT NULL DEFAULT '{}'::jsonb,
    environment_variables JSONB        NOT NULL DEFAULT '{}'::jsonb,
    droplet_guid          VARCHAR(255),
    revisions_enabled     BOOLEAN      NOT NULL DEFAULT TRUE,
    labels                JSONB        NOT NULL DEFAULT '{}'::jsonb,
    annotations           JSONB        NOT NULL DEFAULT '{}'::jsonb,
    CONSTRAINT apps_space_name_unique UNIQUE (space_id, name)
);
CREATE INDEX apps_name_index ON apps (name);
CREATE INDEX apps_lifecycle_type_index ON apps (lifecycle_type);
CREATE INDEX apps_created_at_index ON apps (created_at);
CREATE INDEX apps_updated_at_index ON apps (updated_at);
CREATE INDEX apps_labels_index ON apps USING GIN (labels);

CREATE TABLE droplets (
    id                 BIGSERIAL PRIMARY KEY,
    guid               VARCHAR(255) NOT NULL UNIQUE,
    created_at         TIMESTAMPTZ  NOT NULL DEFAULT now(),
    updated_at         TIMESTAMPTZ  NOT NULL DEFAULT now(),
    app_id             BIGINT       NOT NULL REFERENCES apps (id) ON DELETE CASCADE,
    state              VARCHAR(32)  NOT NULL,
    error              TEXT,
    lifecycle_type     VARCHAR(16)  NOT NULL DEFAULT 'buildpack',
    buildpacks         JSONB        NOT NULL DEFAULT '[]'::jsonb,
    stack              VARCHAR(255),
    image              VARCHAR(4096),
    execution_metadata TEXT         NOT NULL DEFAULT '',
    process_types      JSONB        NOT NULL DEFAULT '{}'::jsonb,
    checksum_type      VARCHAR(16),
    checksum_value     VARCHAR(255),
    sha1               VARCHAR(64),
    blob_key           VARCHAR(255),
    blob_size          BIGINT,
    labels             JSONB        NOT NULL DEFAULT '{}'::jsonb,
    annotations        JSONB        NOT NULL DEFAULT '{}'::jsonb
);
CREATE INDEX droplets_app_id_index ON droplets (app_id);
CREATE INDEX droplets_state_index ON droplets (state);
CREATE INDEX droplets_created_at_index ON droplets (created_at);
CREATE INDEX droplets_updated_at_index ON droplets (updated_at);
CREATE INDEX droplets_labels_index ON droplets USING GIN (labels);

CREATE TABLE revisions (
    id                    BIGSERIAL PRIMARY KEY,
    guid                  VARCHAR(255) NOT NULL UNIQUE,
    created_at            TIMESTAMPTZ  NOT NULL DEFAULT now(),
    updated_at            TIMESTAMPTZ  NOT NULL DEFAULT now(),
    app_id                BIGINT       NOT NULL REFERENCES apps (id) ON DELETE CASCADE,
    version               INTEGER      NOT NULL,
    droplet_guid          VARCHAR(255) NOT NULL,
    description           TEXT         NOT NULL DEFAULT '',
    -- process type -> {"command": …}
    processes             JSONB        NOT NULL DEFAULT '{}'::jsonb,
    sidecars              JSONB        NOT NULL DEFAULT '[]'::jsonb,
    environment_variables JSONB        NOT NULL DEFAULT '{}'::jsonb,
    labels                JSONB        NOT NULL DEFAULT '{}'::jsonb,
    annotations           JSONB        NOT NULL DEFAULT '{}'::jsonb,
    CONSTRAINT revisions_app_version_unique UNIQUE (app_id, version)
);
CREATE INDEX revisions_droplet_guid_index ON revisions (droplet_guid);
CREATE INDEX revisions_created_at_index ON revisions (created_at);
CREATE INDEX revisions_updated_at_index ON revisions (updated_at);
CREATE INDEX revisions_labels_index ON revisions USING GIN (labels);

CREATE TABLE processes (
    id                                        BIGSERIAL PRIMARY KEY,
    guid                                      VARCHAR(255) NOT NULL UNIQUE,
    created_at                                TIMESTAMPTZ  NOT NULL DEFAULT now(),
    updated_at                                TIMESTAMPTZ  NOT NULL DEFAULT now(),
    app_id                                    BIGINT       NOT NULL REFERENCES apps (id) ON DELETE CASCADE,
    type                                      VARCHAR(255) NOT NULL,
    -- a command the user set; null means "the droplet's (or revision's) command for this type"
    command                                   TEXT,
    instances                                 INTEGER      NOT NULL DEFAULT 1,
    memory_in_mb                              INTEGER      NOT NULL DEFAULT 1024,
    disk_in_mb                                INTEGER      NOT NULL DEFAULT 1024,
    log_rate_limit_in_bytes_per_second        BIGINT       NOT NULL DEFAULT -1,
    health_check_type                         VARCHAR(16)  NOT NULL DEFAULT 'port',
    health_check_timeout                      INTEGER,
    health_check_invocation_timeout           INTEGER,
    health_check_interval                     INTEGER,
    health_check_endpoint                     VARCHAR(255),
    readiness_health_check_type               VARCHAR(16)  NOT NULL DEFAULT 'process',
    readiness_health_check_invocation_timeout INTEGER,
    readiness_health_check_interval           INTEGER,
    readiness_health_check_endpoint           VARCHAR(255),
    revision_guid                             VARCHAR(255),
    -- changes whenever the process is (re)started: its instances are new ones
    version                                   VARCHAR(255) NOT NULL,
    labels                                    JSONB        NOT NULL DEFAULT '{}'::jsonb,
    annotations                               JSONB        NOT NULL DEFAULT '{}'::jsonb
);
CREATE INDEX processes_app_id_type_index ON processes (app_id, type);
CREATE INDEX processes_type_index ON processes (type);
CREATE INDEX processes_created_at_index ON processes (created_at);
CREATE INDEX processes_updated_at_index ON processes (updated_at);
CREATE INDEX processes_labels_index ON processes USING GIN (labels);

-- The simulated runtime's persisted facts: which instance of which process was started when, running which
-- droplet. State is derived from these and the clock, so it is the same on every replica and after a restart.
CREATE TABLE process_instances (
    process_id   BIGINT       NOT NULL REFERENCES processes (id) ON DELETE CASCADE,
    index        INTEGER      NOT NULL,
    instance_guid VARCHAR(255) NOT NULL,
    droplet_guid VARCHAR(255),
    started_at   TIMESTAMPTZ  NOT NULL,
    PRIMARY KEY (process_id, index)
);
