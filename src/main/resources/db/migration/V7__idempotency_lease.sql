-- An in_progress claim is a short lease (expires_at = claim + lease), extended to the key's 24 h when the answer is
-- recorded: a replica that dies mid-create no longer blocks the key for a day. claim_token tells the claim that
-- holds the row from an earlier one whose lease ran out, so a late completion cannot overwrite a newer claim.
ALTER TABLE idempotency_keys ADD COLUMN claim_token VARCHAR(36);
