-- A deployment's new_processes is its deploying web process (only web processes are deployed, as in CAPI), so it is
-- read from deployments.deploying_web_process_guid, set once when the deployment is created for a started app. The
-- deployment_processes rows were a copy of it: every row names its deployment's deploying web process, as checked
-- here. The table is no longer read or written; it stays until no replica of an earlier version can run (those
-- still write and read it during a rolling upgrade), and a later migration drops it.
DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM deployment_processes dp JOIN deployments d ON d.id = dp.deployment_id
                WHERE dp.process_type <> 'web' OR d.deploying_web_process_guid IS DISTINCT FROM dp.process_guid) THEN
        RAISE EXCEPTION 'deployment_processes holds an entry other than its deployment''s deploying web process';
    END IF;
END
$$;

-- The rollout engine asks which deployment created each web process (retired interim processes).
CREATE INDEX deployments_deploying_web_process_guid_index ON deployments (deploying_web_process_guid);
