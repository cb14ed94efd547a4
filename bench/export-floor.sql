-- export-floor.sql: the floor of `crm client export` (bench/export.sh).
-- One statement writes, per client, one JSON object with the keys crm
-- writes (times as ISO 8601 UTC, days as dates, money as text with two
-- decimals, the owner's name and uuid, the first open next action's day)
-- and every column of every contact, promise, incident, next action and
-- interaction of the client, in the order crm gives them. The shell's
-- :client parameter limits it to one client (show's floor); unset, it
-- writes every client.
SELECT json_object(
  'id', c.id, 'name', c.name, 'kind', c.kind, 'tier', c.tier,
  'status', c.status, 'stage', c.stage, 'owner', m.name,
  'last_contact', strftime('%Y-%m-%dT%H:%M:%SZ', c.last_contact, 'unixepoch'),
  'next_due', (SELECT date(min(n.due), 'unixepoch') FROM next_action n
               WHERE n.client_id = c.id AND n.status = 'open'),
  'value', CASE WHEN c.value IS NOT NULL THEN printf('%.2f', c.value / 100.0) END,
  'segment', c.segment, 'tags', json(c.tags), 'uuid', c.uuid,
  'contact_every', c.contact_every, 'traits', json(c.traits),
  'interests', json(c.interests), 'note', c.note,
  'stage_since', strftime('%Y-%m-%dT%H:%M:%SZ', c.stage_since, 'unixepoch'),
  'orders', c.orders,
  'created', strftime('%Y-%m-%dT%H:%M:%SZ', c.created, 'unixepoch'),
  'updated', strftime('%Y-%m-%dT%H:%M:%SZ', c.updated, 'unixepoch'),
  'owner_uuid', m.uuid,
  'contacts', (SELECT json_group_array(json_object(
      'id', k.id, 'uuid', k.uuid, 'name', k.name, 'role', k.role,
      'phone', k.phone, 'email', k.email,
      'key', json(CASE k.is_key WHEN 1 THEN 'true' ELSE 'false' END),
      'verified', date(k.verified, 'unixepoch'),
      'created', strftime('%Y-%m-%dT%H:%M:%SZ', k.created, 'unixepoch')))
    FROM (SELECT * FROM contact WHERE client_id = c.id
          ORDER BY is_key DESC, name_fold, id) k),
  'promises', (SELECT json_group_array(json_object(
      'id', p.id, 'kind', p.kind, 'text', p.text, 'due', date(p.due, 'unixepoch'),
      'status', p.status, 'why', p.why, 'author', p.author,
      'created', strftime('%Y-%m-%dT%H:%M:%SZ', p.created, 'unixepoch'),
      'closed', strftime('%Y-%m-%dT%H:%M:%SZ', p.closed, 'unixepoch')))
    FROM (SELECT * FROM promise WHERE client_id = c.id ORDER BY id) p),
  'incidents', (SELECT json_group_array(json_object(
      'id', i.id, 'kind', i.kind, 'text', i.text, 'status', i.status, 'how', i.how,
      'author', i.author,
      'created', strftime('%Y-%m-%dT%H:%M:%SZ', i.created, 'unixepoch'),
      'resolved', strftime('%Y-%m-%dT%H:%M:%SZ', i.resolved, 'unixepoch')))
    FROM (SELECT * FROM incident WHERE client_id = c.id ORDER BY id) i),
  'next_actions', (SELECT json_group_array(json_object(
      'id', n.id, 'text', n.text, 'due', date(n.due, 'unixepoch'),
      'assignee', (SELECT name FROM manager WHERE id = n.assignee_id),
      'status', n.status, 'author', n.author,
      'created', strftime('%Y-%m-%dT%H:%M:%SZ', n.created, 'unixepoch'),
      'done', strftime('%Y-%m-%dT%H:%M:%SZ', n.done, 'unixepoch')))
    FROM (SELECT * FROM next_action WHERE client_id = c.id ORDER BY due, id) n),
  'interactions', (SELECT json_group_array(json_object(
      'id', x.id, 'kind', x.kind,
      'at', strftime('%Y-%m-%dT%H:%M:%SZ', x.at, 'unixepoch'),
      'author', x.author, 'text', x.text, 'outcome', x.outcome,
      'amount', CASE WHEN x.amount IS NOT NULL THEN printf('%.2f', x.amount / 100.0) END))
    FROM (SELECT * FROM interaction WHERE client_id = c.id
          ORDER BY at DESC, id DESC) x))
FROM client c LEFT JOIN manager m ON m.id = c.owner_id
WHERE :client IS NULL OR c.id = :client
ORDER BY c.id;
