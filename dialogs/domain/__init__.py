"""Domain rules with no conversation in them: the playbook, evidence and answer quality, cadence, access, and the note reader."""
