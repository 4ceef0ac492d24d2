-- Domains, routes and their destinations (CAPI's domains, routes and route_mappings): the data model only; nothing
-- here routes traffic. Shared domains come from configuration (cfdeploy.routing.default-domain), inserted at start.
CREATE TABLE domains (
    id          BIGSERIAL PRIMARY KEY,
    guid        VARCHAR(255) NOT NULL UNIQUE,
    created_at  TIMESTAMPTZ  NOT NULL DEFAULT now(),
    updated_at  TIMESTAMPTZ  NOT NULL DEFAULT now(),
    -- unique: replicas starting together insert the configured domain once (INSERT … ON CONFLICT DO NOTHING)
    name        VARCHAR(253) NOT NULL UNIQUE,
    internal    BOOLEAN      NOT NULL DEFAULT FALSE,
    labels      JSONB        NOT NULL DEFAULT '{}'::jsonb,
    annotations JSONB        NOT NULL DEFAULT '{}'::jsonb
);
CREATE INDEX domains_created_at_index ON domains (created_at);
CREATE INDEX domains_updated_at_index ON domains (updated_at);
CREATE INDEX domains_labels_index ON domains USING GIN (labels);

CREATE TABLE routes (
    id          BIGSERIAL PRIMARY KEY,
    guid        VARCHAR(255) NOT NULL UNIQUE,
    created_at  TIMESTAMPTZ  NOT NULL DEFAULT now(),
    updated_at  TIMESTAMPTZ  NOT NULL DEFAULT now(),
    host        VARCHAR(63)  NOT NULL DEFAULT '',
    path        VARCHAR(128) NOT NULL DEFAULT '',
    port        INTEGER,
    domain_id   BIGINT       NOT NULL REFERENCES domains (id),
    -- a space's delete takes its routes with it, as CAPI's SpaceDelete does
    space_id    BIGINT       NOT NULL REFERENCES spaces (id) ON DELETE CASCADE,
    options     JSONB,
    labels      JSONB        NOT NULL DEFAULT '{}'::jsonb,
    annotations JSONB        NOT NULL DEFAULT '{}'::jsonb
);
-- CAPI's uniqueness of host + domain + path (+ port): concurrent creates of one route meet here
CREATE UNIQUE INDEX routes_host_domain_path_port_index ON routes (domain_id, host, path, coalesce(port, -1));
CREATE INDEX routes_host_index ON routes (host);
CREATE INDEX routes_path_index ON routes (path);
CREATE INDEX routes_space_id_index ON routes (space_id);
CREATE INDEX routes_created_at_index ON routes (created_at);
CREATE INDEX routes_updated_at_index ON routes (updated_at);
CREATE INDEX routes_labels_index ON routes USING GIN (labels);

-- A destination maps a route to one process type of an app (CAPI's route_mappings); an app's delete removes them.
CREATE TABLE route_destinations (
    id           BIGSERIAL PRIMARY KEY,
    guid         VARCHAR(255) NOT NULL UNIQUE,
    created_at   TIMESTAMPTZ  NOT NULL DEFAULT now(),
    updated_at   TIMESTAMPTZ  NOT NULL DEFAULT now(),
    route_id     BIGINT       NOT NULL REFERENCES routes (id) ON DELETE CASCADE,
    app_id       BIGINT       NOT NULL REFERENCES apps (id) ON DELETE CASCADE,
    process_type VARCHAR(255) NOT NULL,
    port         INTEGER      NOT NULL,
    protocol     VARCHAR(16)  NOT NULL,
    weight       INTEGER
);
CREATE UNIQUE INDEX route_destinations_unique_index ON route_destinations (route_id, app_id, process_type, port);
CREATE INDEX route_destinations_app_id_index ON route_destinations (app_id);
