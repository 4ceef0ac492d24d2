-- Instance counts are never negative: the messages refuse it, and this keeps every other writer honest too.
ALTER TABLE processes ADD CONSTRAINT processes_instances_non_negative CHECK (instances >= 0);
ALTER TABLE deployments ADD CONSTRAINT deployments_original_instances_non_negative
    CHECK (original_web_process_instance_count >= 0);
