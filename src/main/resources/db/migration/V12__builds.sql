-- Builds (CAPI's BuildModel): one staging of a package into a droplet. package_guid and droplet_guid are plain
-- references, as in CAPI: a build outlives the package or droplet it names.
CREATE TABLE builds (
    id                      BIGSERIAL PRIMARY KEY,
    guid                    VARCHAR(255) NOT NULL UNIQUE,
    created_at              TIMESTAMPTZ  NOT NULL DEFAULT now(),
    updated_at              TIMESTAMPTZ  NOT NULL DEFAULT now(),
    app_id                  BIGINT       NOT NULL REFERENCES apps (id) ON DELETE CASCADE,
    package_guid            VARCHAR(255) NOT NULL,
    droplet_guid            VARCHAR(255),
    state                   VARCHAR(16)  NOT NULL,
    error_id                VARCHAR(255),
    error_description       TEXT,
    lifecycle_type          VARCHAR(16)  NOT NULL,
    lifecycle_data          JSONB        NOT NULL DEFAULT '{}'::jsonb,
    staging_memory_in_mb    BIGINT       NOT NULL,
    staging_disk_in_mb      BIGINT       NOT NULL,
    staging_log_rate_limit  BIGINT       NOT NULL,
    environment_variables   JSONB        NOT NULL DEFAULT '{}'::jsonb,
    created_by_user_guid    VARCHAR(255),
    created_by_user_name    VARCHAR(255),
    created_by_user_email   VARCHAR(255),
    labels                  JSONB        NOT NULL DEFAULT '{}'::jsonb,
    annotations             JSONB        NOT NULL DEFAULT '{}'::jsonb
);
CREATE INDEX builds_app_id_index ON builds (app_id);
CREATE INDEX builds_package_guid_index ON builds (package_guid);
CREATE INDEX builds_state_index ON builds (state);
CREATE INDEX builds_created_at_index ON builds (created_at);
CREATE INDEX builds_updated_at_index ON builds (updated_at);
CREATE INDEX builds_labels_index ON builds USING GIN (labels);
-- CAPI's "Only one build can be STAGING at a time per application", kept by the database too
CREATE UNIQUE INDEX builds_one_staging_per_app ON builds (app_id) WHERE state = 'STAGING';

-- The package a droplet was staged from (GET /v3/packages/:guid/droplets).
ALTER TABLE droplets ADD COLUMN package_guid VARCHAR(255);
CREATE INDEX droplets_package_guid_index ON droplets (package_guid);
