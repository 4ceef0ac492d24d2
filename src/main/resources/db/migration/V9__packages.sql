-- Packages (CAPI's PackageModel): an app's source bits (a zip in the blobstore) or a docker image reference.
CREATE TABLE packages (
    id              BIGSERIAL PRIMARY KEY,
    guid            VARCHAR(255) NOT NULL UNIQUE,
    created_at      TIMESTAMPTZ  NOT NULL DEFAULT now(),
    updated_at      TIMESTAMPTZ  NOT NULL DEFAULT now(),
    app_id          BIGINT       NOT NULL REFERENCES apps (id) ON DELETE CASCADE,
    type            VARCHAR(16)  NOT NULL,
    state           VARCHAR(32)  NOT NULL,
    error           TEXT,
    image           VARCHAR(4096),
    docker_username VARCHAR(255),
    docker_password VARCHAR(4096),
    sha256          VARCHAR(64),
    sha1            VARCHAR(40),
    blob_key        VARCHAR(255),
    blob_size       BIGINT,
    labels          JSONB        NOT NULL DEFAULT '{}'::jsonb,
    annotations     JSONB        NOT NULL DEFAULT '{}'::jsonb
);
CREATE INDEX packages_app_id_index ON packages (app_id);
CREATE INDEX packages_state_index ON packages (state);
CREATE INDEX packages_type_index ON packages (type);
CREATE INDEX packages_created_at_index ON packages (created_at);
CREATE INDEX packages_updated_at_index ON packages (updated_at);
CREATE INDEX packages_labels_index ON packages USING GIN (labels);
