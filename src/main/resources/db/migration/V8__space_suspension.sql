-- An admin may suspend a space (CAPI 3.228): its non-admin writers are then refused with 403 CF-SpaceSuspended.
ALTER TABLE spaces ADD COLUMN suspended BOOLEAN NOT NULL DEFAULT FALSE;
