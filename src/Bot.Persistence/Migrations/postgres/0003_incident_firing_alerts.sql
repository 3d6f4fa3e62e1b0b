-- How many of an incident's alerts still fire, kept with the incident: a write then loads only the occurrences it
-- touches, not every alert an incident ever gathered (a storm leaves thousands).
ALTER TABLE incidents ADD COLUMN firing_alerts integer NOT NULL DEFAULT 0;

UPDATE incidents SET firing_alerts = (
    SELECT COUNT(*) FROM incident_alerts AS a WHERE a.incident_id = incidents.id AND a.status = 'firing');
