-- When an incident's first alert started firing, as its source said: what the engineer sees as "Started" and what a
-- postmortem calls detection. Incidents opened before this column take their earliest stored alert's start.
ALTER TABLE incidents ADD COLUMN started_at timestamptz;

UPDATE incidents SET started_at = (SELECT MIN(a.starts_at) FROM incident_alerts AS a WHERE a.incident_id = incidents.id);
