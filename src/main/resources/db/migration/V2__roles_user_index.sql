-- Roles by user: the user_guids filter, user visibility (users sharing an organization) and the
-- "user still has space roles in that organization" check all look roles up by user_id alone, which the
-- partial unique indexes (user_id, type, organization_id|space_id) cannot serve.
CREATE INDEX roles_user_id_index ON roles (user_id);
