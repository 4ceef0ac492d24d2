-- Foundation: organizations, spaces, users, roles, audit events and jobs.
-- Labels and annotations are JSONB objects ("prefix/name" -> value); a GIN index serves label selectors.

CREATE TABLE organizations (
    id          BIGSERIAL PRIMARY KEY,
    guid        VARCHAR(255) NOT NULL UNIQUE,
    created_at  TIMESTAMPTZ  NOT NULL DEFAULT now(),
    updated_at  TIMESTAMPTZ  NOT NULL DEFAULT now(),
    name        VARCHAR(255) NOT NULL,
    suspended   BOOLEAN      NOT NULL DEFAULT FALSE,
    labels      JSONB        NOT NULL DEFAULT '{}'::jsonb,
    annotations JSONB        NOT NULL DEFAULT '{}'::jsonb,
    CONSTRAINT organizations_name_unique UNIQUE (name)
);
CREATE INDEX organizations_created_at_index ON organizations (created_at);
CREATE INDEX organizations_updated_at_index ON organizations (updated_at);
CREATE INDEX organizations_labels_index ON organizations USING GIN (labels);

CREATE TABLE spaces (
    id              BIGSERIAL PRIMARY KEY,
    guid            VARCHAR(255) NOT NULL UNIQUE,
    created_at      TIMESTAMPTZ  NOT NULL DEFAULT now(),
    updated_at      TIMESTAMPTZ  NOT NULL DEFAULT now(),
    name            VARCHAR(255) NOT NULL,
    organization_id BIGINT       NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    labels          JSONB        NOT NULL DEFAULT '{}'::jsonb,
    annotations     JSONB        NOT NULL DEFAULT '{}'::jsonb,
    CONSTRAINT spaces_org_name_unique UNIQUE (organization_id, name)
);
CREATE INDEX spaces_name_index ON spaces (name);
CREATE INDEX spaces_created_at_index ON spaces (created_at);
CREATE INDEX spaces_updated_at_index ON spaces (updated_at);
CREATE INDEX spaces_labels_index ON spaces USING GIN (labels);

CREATE TABLE users (
    id          BIGSERIAL PRIMARY KEY,
    guid        VARCHAR(255) NOT NULL UNIQUE,
    created_at  TIMESTAMPTZ  NOT NULL DEFAULT now(),
    updated_at  TIMESTAMPTZ  NOT NULL DEFAULT now(),
    username    VARCHAR(255),
    origin      VARCHAR(255),
    labels      JSONB        NOT NULL DEFAULT '{}'::jsonb,
    annotations JSONB        NOT NULL DEFAULT '{}'::jsonb
);
CREATE UNIQUE INDEX users_username_origin_unique ON users (username, origin) WHERE username IS NOT NULL;
CREATE INDEX users_origin_index ON users (origin);
CREATE INDEX users_created_at_index ON users (created_at);
CREATE INDEX users_updated_at_index ON users (updated_at);
CREATE INDEX users_labels_index ON users USING GIN (labels);

CREATE TABLE roles (
    id              BIGSERIAL PRIMARY KEY,
    guid            VARCHAR(255) NOT NULL UNIQUE,
    created_at      TIMESTAMPTZ  NOT NULL DEFAULT now(),
    updated_at      TIMESTAMPTZ  NOT NULL DEFAULT now(),
    type            VARCHAR(64)  NOT NULL,
    user_id         BIGINT       NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    organization_id BIGINT REFERENCES organizations (id) ON DELETE CASCADE,
    space_id        BIGINT REFERENCES spaces (id) ON DELETE CASCADE,
    CONSTRAINT roles_one_target CHECK ((organization_id IS NULL) <> (space_id IS NULL))
);
CREATE UNIQUE INDEX roles_org_role_unique ON roles (user_id, type, organization_id) WHERE organization_id IS NOT NULL;
CREATE UNIQUE INDEX roles_space_role_unique ON roles (user_id, type, space_id) WHERE space_id IS NOT NULL;
CREATE INDEX roles_organization_id_index ON roles (organization_id);
CREATE INDEX roles_space_id_index ON roles (space_id);
CREATE INDEX roles_type_index ON roles (type);
CREATE INDEX roles_created_at_index ON roles (created_at);
CREATE INDEX roles_updated_at_index ON roles (updated_at);

CREATE TABLE audit_events (
    id                BIGSERIAL PRIMARY KEY,
    guid              VARCHAR(255) NOT NULL UNIQUE,
    created_at        TIMESTAMPTZ  NOT NULL DEFAULT now(),
    updated_at        TIMESTAMPTZ  NOT NULL DEFAULT now(),
    type              VARCHAR(255) NOT NULL,
    actor_guid        VARCHAR(255) NOT NULL,
    actor_type        VARCHAR(255) NOT NULL,
    actor_name        VARCHAR(255),
    actor_username    VARCHAR(255),
    target_guid       VARCHAR(255) NOT NULL,
    target_type       VARCHAR(255) NOT NULL,
    target_name       VARCHAR(255),
    space_guid        VARCHAR(255),
    organization_guid VARCHAR(255),
    data              JSONB        NOT NULL DEFAULT '{}'::jsonb
);
CREATE INDEX audit_events_type_index ON audit_events (type);
CREATE INDEX audit_events_target_guid_index ON audit_events (target_guid);
CREATE INDEX audit_events_space_guid_index ON audit_events (space_guid);
CREATE INDEX audit_events_organization_guid_index ON audit_events (organization_guid);
CREATE INDEX audit_events_created_at_index ON audit_events (created_at);
CREATE INDEX audit_events_updated_at_index ON audit_events (updated_at);

CREATE TABLE jobs (
    id            BIGSERIAL PRIMARY KEY,
    guid          VARCHAR(255) NOT NULL UNIQUE,
    created_at    TIMESTAMPTZ  NOT NULL DEFAULT now(),
    updated_at    TIMESTAMPTZ  NOT NULL DEFAULT now(),
    operation     VARCHAR(255) NOT NULL,
    state         VARCHAR(32)  NOT NULL,
    resource_type VARCHAR(255) NOT NULL,
    resource_guid VARCHAR(255) NOT NULL,
    errors        JSONB        NOT NULL DEFAULT '[]'::jsonb,
    warnings      JSONB        NOT NULL DEFAULT '[]'::jsonb
);
