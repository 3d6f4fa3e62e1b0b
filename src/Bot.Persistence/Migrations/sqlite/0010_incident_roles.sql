-- Who holds an incident's response roles (book Table 9.15): at most one coordinator and one communicator, any number
-- of technical experts. rotation_id is the rotation a holder was pulled in from, when the role went to a rotation.
-- The roles' history is on the incident's timeline (its RoleAssigned events); this table holds the current holders.
CREATE TABLE incident_roles (
    incident_id INTEGER NOT NULL REFERENCES incidents (id),
    role        TEXT    NOT NULL CHECK (role IN ('coordinator', 'communicator', 'expert')),
    member_id   TEXT    NOT NULL,
    name        TEXT    NOT NULL,
    rotation_id TEXT,
    assigned_at INTEGER NOT NULL,
    PRIMARY KEY (incident_id, role, member_id)
) STRICT, WITHOUT ROWID;
