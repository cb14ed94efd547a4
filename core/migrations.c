/*
 * migrations.c: the numbered steps of crm's schema, as data. A shipped
 * step is never edited: fixes go in a new step. The array is kept sorted
 * by version with no gaps (a unit test checks it). schema-gen builds every
 * version from these steps to know the exact schema of each (schema.c).
 */
#include "migrations.h"

const struct crmi_migration crmi_migrations[] = {
	{ 1,
	  /* the foundation: settings and the append-only journal */
	  "PRAGMA application_id = 1129467185;"
	  "CREATE TABLE config ("
	  "  key TEXT PRIMARY KEY,"
	  "  value TEXT NOT NULL"
	  ") STRICT;"
	  "CREATE TABLE journal ("
	  "  id INTEGER PRIMARY KEY,"
	  "  at INTEGER NOT NULL,"
	  "  actor TEXT NOT NULL,"
	  "  action TEXT NOT NULL,"
	  "  entity TEXT NOT NULL,"
	  "  entity_id INTEGER,"
	  "  data TEXT NOT NULL DEFAULT '{}'"
	  ") STRICT;"
	  "CREATE INDEX journal_at ON journal(at);"
	  "CREATE INDEX journal_entity ON journal(entity, entity_id);"
	  "CREATE TRIGGER journal_no_update BEFORE UPDATE ON journal"
	  "  BEGIN SELECT RAISE(ABORT, 'the journal is append-only'); END;"
	  "CREATE TRIGGER journal_no_delete BEFORE DELETE ON journal"
	  "  BEGIN SELECT RAISE(ABORT, 'the journal is append-only'); END;" },
	{ 2,
	  /* the client sheet: managers, clients, contacts, interactions,
	   * promises, incidents, next actions and the folded search index;
	   * ids are never reused, so journal entries keep naming one record */
	  "CREATE TABLE manager ("
	  "  id INTEGER PRIMARY KEY AUTOINCREMENT,"
	  "  uuid TEXT NOT NULL UNIQUE,"
	  "  name TEXT NOT NULL,"
	  "  name_fold TEXT NOT NULL UNIQUE,"
	  "  email TEXT,"
	  "  phone TEXT,"
	  "  role TEXT NOT NULL DEFAULT 'manager' CHECK (role IN ('manager', 'head')),"
	  "  status TEXT NOT NULL DEFAULT 'active'"
	  "    CHECK (status IN ('active', 'vacation', 'left')),"
	  "  capacity INTEGER NOT NULL CHECK (capacity >= 0),"
	  "  traits TEXT NOT NULL DEFAULT '[]',"
	  "  interests TEXT NOT NULL DEFAULT '[]',"
	  "  created INTEGER NOT NULL"
	  ") STRICT;"
	  "CREATE TABLE client ("
	  "  id INTEGER PRIMARY KEY AUTOINCREMENT,"
	  "  uuid TEXT NOT NULL UNIQUE,"
	  "  name TEXT NOT NULL,"
	  "  name_fold TEXT NOT NULL,"
	  "  kind TEXT NOT NULL DEFAULT 'company' CHECK (kind IN ('company', 'person')),"
	  "  segment TEXT,"
	  "  tier TEXT NOT NULL DEFAULT 'regular' CHECK (tier IN ('vip', 'key', 'regular')),"
	  "  status TEXT NOT NULL DEFAULT 'prospect'"
	  "    CHECK (status IN ('prospect', 'active', 'regular', 'lost', 'farewell')),"
	  "  stage TEXT NOT NULL DEFAULT 'courtship' CHECK (stage IN ('courtship', 'sale',"
	  "    'honeymoon', 'storm', 'normalization', 'support')),"
	  "  stage_since INTEGER NOT NULL,"
	  "  owner_id INTEGER REFERENCES manager(id),"
	  "  contact_every INTEGER CHECK (contact_every > 0),"
	  "  value INTEGER,"
	  "  traits TEXT NOT NULL DEFAULT '[]',"
	  "  interests TEXT NOT NULL DEFAULT '[]',"
	  "  tags TEXT NOT NULL DEFAULT '[]',"
	  "  note TEXT,"
	  "  created INTEGER NOT NULL,"
	  "  updated INTEGER NOT NULL,"
	  "  last_contact INTEGER,"
	  "  orders INTEGER NOT NULL DEFAULT 0"
	  ") STRICT;"
	  "CREATE INDEX client_name ON client(name_fold);"
	  "CREATE INDEX client_owner ON client(owner_id);"
	  "CREATE TABLE contact ("
	  "  id INTEGER PRIMARY KEY AUTOINCREMENT,"
	  "  uuid TEXT NOT NULL UNIQUE,"
	  "  client_id INTEGER NOT NULL REFERENCES client(id) ON DELETE CASCADE,"
	  "  name TEXT NOT NULL,"
	  "  name_fold TEXT NOT NULL,"
	  "  role TEXT,"
	  "  phone TEXT,"
	  "  email TEXT,"
	  "  is_key INTEGER NOT NULL DEFAULT 0 CHECK (is_key IN (0, 1)),"
	  "  verified INTEGER,"
	  "  created INTEGER NOT NULL"
	  ") STRICT;"
	  "CREATE INDEX contact_client ON contact(client_id);"
	  "CREATE INDEX contact_name ON contact(name_fold);"
	  "CREATE TABLE interaction ("
	  "  id INTEGER PRIMARY KEY AUTOINCREMENT,"
	  "  client_id INTEGER NOT NULL REFERENCES client(id) ON DELETE CASCADE,"
	  "  kind TEXT NOT NULL CHECK (kind IN ('call', 'meeting', 'email', 'order',"
	  "    'complaint', 'feedback', 'conflict', 'note', 'survey')),"
	  "  at INTEGER NOT NULL,"
	  "  author TEXT NOT NULL,"
	  "  text TEXT NOT NULL,"
	  "  outcome TEXT,"
	  "  amount INTEGER,"
	  "  created INTEGER NOT NULL"
	  ") STRICT;"
	  "CREATE INDEX interaction_client ON interaction(client_id, at);"
	  "CREATE TABLE promise ("
	  "  id INTEGER PRIMARY KEY AUTOINCREMENT,"
	  "  client_id INTEGER NOT NULL REFERENCES client(id) ON DELETE CASCADE,"
	  "  kind TEXT NOT NULL CHECK (kind IN ('promise', 'guarantee', 'discount', 'doubt',"
	  "    'risk')),"
	  "  text TEXT NOT NULL,"
	  "  due INTEGER,"
	  "  status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'kept', 'broken')),"
	  "  why TEXT,"
	  "  author TEXT NOT NULL,"
	  "  created INTEGER NOT NULL,"
	  "  closed INTEGER"
	  ") STRICT;"
	  "CREATE INDEX promise_client ON promise(client_id, status);"
	  "CREATE INDEX promise_due ON promise(status, due);"
	  "CREATE TABLE incident ("
	  "  id INTEGER PRIMARY KEY AUTOINCREMENT,"
	  "  client_id INTEGER NOT NULL REFERENCES client(id) ON DELETE CASCADE,"
	  "  kind TEXT NOT NULL CHECK (kind IN ('misunderstanding', 'mishap', 'conflict',"
	  "    'quality')),"
	  "  text TEXT NOT NULL,"
	  "  status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'resolved')),"
	  "  how TEXT,"
	  "  author TEXT NOT NULL,"
	  "  created INTEGER NOT NULL,"
	  "  resolved INTEGER"
	  ") STRICT;"
	  "CREATE INDEX incident_client ON incident(client_id, status);"
	  "CREATE TABLE next_action ("
	  "  id INTEGER PRIMARY KEY AUTOINCREMENT,"
	  "  client_id INTEGER NOT NULL REFERENCES client(id) ON DELETE CASCADE,"
	  "  text TEXT NOT NULL,"
	  "  due INTEGER NOT NULL,"
	  "  assignee_id INTEGER REFERENCES manager(id),"
	  "  status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'done')),"
	  "  author TEXT NOT NULL,"
	  "  created INTEGER NOT NULL,"
	  "  done INTEGER"
	  ") STRICT;"
	  "CREATE INDEX next_client ON next_action(client_id, status, due);"
	  "CREATE INDEX next_due ON next_action(status, due);"
	  "CREATE INDEX next_assignee ON next_action(assignee_id, status, due);"
	  /* folded text for word search; rowid = ref id * 4 + source
	   * (0 client name and note, 1 contact, 2 interaction) so that an
	   * entry is replaced or removed by rowid */
	  "CREATE VIRTUAL TABLE search USING fts5("
	  "  body, client_id UNINDEXED,"
	  "  tokenize = 'unicode61 remove_diacritics 0');" },
	{ 3,
	  /* the audit: saved runs for the trend, and the index its rules
	   * need to find a client's latest interaction of some kinds (a
	   * meeting or call; a complaint, feedback or survey) without
	   * reading the interactions themselves */
	  "CREATE TABLE audit_run ("
	  "  id INTEGER PRIMARY KEY,"
	  "  at INTEGER NOT NULL,"
	  "  as_of INTEGER NOT NULL,"
	  "  actor TEXT NOT NULL,"
	  "  owner_id INTEGER REFERENCES manager(id) ON DELETE SET NULL,"
	  "  findings INTEGER NOT NULL,"
	  "  counts TEXT NOT NULL DEFAULT '{}'"
	  ") STRICT;"
	  "CREATE INDEX audit_run_owner ON audit_run(owner_id, as_of);"
	  "CREATE INDEX interaction_client_kind ON interaction(client_id, kind, at);"
	  /* contacts keyed as the duplicate rule compares them (audit.c) */
	  "CREATE INDEX contact_email_key ON contact(lower(trim(email)), client_id)"
	  "  WHERE email IS NOT NULL;"
	  "CREATE INDEX contact_phone_key ON contact(substr(replace(replace(replace(replace("
	  "  replace(phone, ' ', ''), '-', ''), '(', ''), ')', ''), '+', ''), -10), client_id)"
	  "  WHERE phone IS NOT NULL;" },
	{ 4,
	  /* handovers (handover.c): two stages, pending then accepted,
	   * declined or cancelled. The brief and the dossier (the sheet as it
	   * was at creation, JSON) are frozen: a trigger refuses to change
	   * them or who and what the handover was about. One pending handover
	   * per client at a time. */
	  "CREATE TABLE handover ("
	  "  id INTEGER PRIMARY KEY AUTOINCREMENT,"
	  "  client_id INTEGER NOT NULL REFERENCES client(id) ON DELETE CASCADE,"
	  "  from_id INTEGER REFERENCES manager(id),"
	  "  to_id INTEGER NOT NULL REFERENCES manager(id),"
	  "  reason TEXT NOT NULL CHECK (reason IN ('cannot-cope', 'conflict', 'client-request',"
	  "    'refresh', 'vacation', 'overload', 'monopoly', 'leaving', 'vip-program')),"
	  "  status TEXT NOT NULL DEFAULT 'pending'"
	  "    CHECK (status IN ('pending', 'accepted', 'declined', 'cancelled')),"
	  "  brief TEXT NOT NULL,"
	  "  dossier TEXT NOT NULL,"
	  "  next_text TEXT NOT NULL,"
	  "  next_due INTEGER NOT NULL,"
	  "  next_action_id INTEGER REFERENCES next_action(id) ON DELETE SET NULL,"
	  "  notify_via TEXT CHECK (notify_via IN ('email', 'phone', 'letter', 'meeting')),"
	  "  notice_due INTEGER,"
	  "  notice_sent INTEGER,"
	  "  notice_via TEXT CHECK (notice_via IN ('email', 'phone', 'letter', 'meeting')),"
	  "  until INTEGER,"
	  "  return_of INTEGER REFERENCES handover(id),"
	  "  escalated INTEGER NOT NULL DEFAULT 0 CHECK (escalated IN (0, 1)),"
	  "  over_capacity INTEGER NOT NULL DEFAULT 0 CHECK (over_capacity IN (0, 1)),"
	  "  created_by TEXT NOT NULL,"
	  "  created INTEGER NOT NULL,"
	  "  decided INTEGER,"
	  "  decided_by TEXT,"
	  "  why TEXT"
	  ") STRICT;"
	  "CREATE INDEX handover_client ON handover(client_id, reason, status);"
	  "CREATE INDEX handover_from ON handover(from_id, status);"
	  "CREATE INDEX handover_to ON handover(to_id, status);"
	  "CREATE INDEX handover_status ON handover(status, created);"
	  "CREATE INDEX handover_return ON handover(return_of) WHERE return_of IS NOT NULL;"
	  "CREATE UNIQUE INDEX handover_one_pending ON handover(client_id)"
	  "  WHERE status = 'pending';"
	  "CREATE TRIGGER handover_frozen BEFORE UPDATE OF client_id, from_id, to_id, reason,"
	  "  brief, dossier, next_text, created, created_by ON handover"
	  "  BEGIN SELECT RAISE(ABORT, 'a handover''s briefing and dossier are frozen'); END;" },
	{ 5,
	  /* the VIP programme (vip.c): one active programme at a time, its
	   * staff and list of items, the questionnaire's stored versions
	   * (version 1 is built in), surveys with what they did (effects),
	   * drafts of surveys left half-way; on the client, whether its
	   * owner monopolises it and which client referred it */
	  "ALTER TABLE client ADD COLUMN monopolized INTEGER NOT NULL DEFAULT 0"
	  "  CHECK (monopolized IN (0, 1));"
	  "ALTER TABLE client ADD COLUMN referred_by INTEGER"
	  "  REFERENCES client(id) ON DELETE SET NULL;"
	  "CREATE INDEX client_referred_by ON client(referred_by) WHERE referred_by IS NOT NULL;"
	  "CREATE TABLE vip_program ("
	  "  id INTEGER PRIMARY KEY AUTOINCREMENT,"
	  "  name TEXT NOT NULL,"
	  "  name_fold TEXT NOT NULL,"
	  "  lead_id INTEGER NOT NULL REFERENCES manager(id),"
	  "  tier TEXT CHECK (tier IN ('vip', 'key', 'regular')),"
	  "  segment TEXT,"
	  "  until INTEGER,"
	  "  status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'closed')),"
	  "  author TEXT NOT NULL,"
	  "  created INTEGER NOT NULL,"
	  "  closed INTEGER"
	  ") STRICT;"
	  "CREATE UNIQUE INDEX vip_program_one_active ON vip_program(status)"
	  "  WHERE status = 'active';"
	  "CREATE INDEX vip_program_name ON vip_program(name_fold);"
	  "CREATE TABLE vip_staff ("
	  "  program_id INTEGER NOT NULL REFERENCES vip_program(id),"
	  "  manager_id INTEGER NOT NULL REFERENCES manager(id),"
	  "  PRIMARY KEY (program_id, manager_id)"
	  ") STRICT, WITHOUT ROWID;"
	  "CREATE TABLE vip_template ("
	  "  version INTEGER PRIMARY KEY CHECK (version > 1),"
	  "  body TEXT NOT NULL,"
	  "  author TEXT NOT NULL,"
	  "  created INTEGER NOT NULL"
	  ") STRICT;"
	  "CREATE TABLE vip_survey ("
	  "  id INTEGER PRIMARY KEY AUTOINCREMENT,"
	  "  client_id INTEGER NOT NULL REFERENCES client(id) ON DELETE CASCADE,"
	  "  program_id INTEGER REFERENCES vip_program(id),"
	  "  template_version INTEGER NOT NULL,"
	  "  surveyor_id INTEGER REFERENCES manager(id),"
	  "  surveyor TEXT NOT NULL,"
	  "  at INTEGER NOT NULL,"
	  "  answers TEXT NOT NULL,"
	  "  quality TEXT CHECK (quality IN ('pass', 'fail')),"
	  "  failures TEXT NOT NULL DEFAULT '[]',"
	  "  incident_id INTEGER REFERENCES incident(id) ON DELETE SET NULL,"
	  "  remedy_id INTEGER REFERENCES next_action(id) ON DELETE SET NULL,"
	  "  interaction_id INTEGER REFERENCES interaction(id) ON DELETE SET NULL,"
	  "  author TEXT NOT NULL,"
	  "  created INTEGER NOT NULL"
	  ") STRICT;"
	  "CREATE INDEX vip_survey_client ON vip_survey(client_id, at);"
	  "CREATE INDEX vip_survey_program ON vip_survey(program_id);"
	  "CREATE INDEX vip_survey_incident ON vip_survey(incident_id)"
	  "  WHERE incident_id IS NOT NULL;"
	  "CREATE TABLE vip_effect ("
	  "  id INTEGER PRIMARY KEY,"
	  "  survey_id INTEGER NOT NULL REFERENCES vip_survey(id) ON DELETE CASCADE,"
	  "  kind TEXT NOT NULL,"
	  "  ref_id INTEGER,"
	  "  text TEXT NOT NULL"
	  ") STRICT;"
	  "CREATE INDEX vip_effect_survey ON vip_effect(survey_id, kind);"
	  "CREATE TABLE vip_item ("
	  "  id INTEGER PRIMARY KEY AUTOINCREMENT,"
	  "  program_id INTEGER NOT NULL REFERENCES vip_program(id),"
	  "  client_id INTEGER NOT NULL REFERENCES client(id) ON DELETE CASCADE,"
	  "  surveyor_id INTEGER REFERENCES manager(id),"
	  "  status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'done')),"
	  "  reason TEXT,"
	  "  due INTEGER,"
	  "  assigned INTEGER,"
	  "  survey_id INTEGER REFERENCES vip_survey(id) ON DELETE SET NULL,"
	  "  done INTEGER,"
	  "  UNIQUE (program_id, client_id)"
	  ") STRICT;"
	  "CREATE INDEX vip_item_surveyor ON vip_item(surveyor_id, status);"
	  "CREATE INDEX vip_item_client ON vip_item(client_id, status);"
	  "CREATE INDEX vip_item_due ON vip_item(status, due);"
	  "CREATE TABLE vip_draft ("
	  "  client_id INTEGER PRIMARY KEY REFERENCES client(id) ON DELETE CASCADE,"
	  "  template_version INTEGER NOT NULL,"
	  "  surveyor_id INTEGER REFERENCES manager(id),"
	  "  at INTEGER NOT NULL,"
	  "  answers TEXT NOT NULL,"
	  "  position INTEGER NOT NULL DEFAULT 0,"
	  "  author TEXT NOT NULL,"
	  "  updated INTEGER NOT NULL"
	  ") STRICT;" },
	{ 6,
	  /* erasure of a client's personal data (privacy.c): the record of
	   * each erasure (who, when, why, the client's uuid), the journal
	   * entries it redacted, and a journal_no_update that allows exactly
	   * that redaction: only data changes, only to the tombstone
	   * {"erased":<erasure id>}, only for an entry an erasure names
	   * (no JSON functions: trusted_schema=OFF refuses them in triggers) */
	  "CREATE TABLE erasure ("
	  "  id INTEGER PRIMARY KEY,"
	  "  at INTEGER NOT NULL,"
	  "  actor TEXT NOT NULL,"
	  "  reason TEXT NOT NULL,"
	  "  client_uuid TEXT NOT NULL,"
	  "  client_id INTEGER NOT NULL,"
	  "  counts TEXT NOT NULL DEFAULT '{}'"
	  ") STRICT;"
	  "CREATE TABLE erasure_entry ("
	  "  journal_id INTEGER PRIMARY KEY,"
	  "  erasure_id INTEGER NOT NULL REFERENCES erasure(id)"
	  ") STRICT;"
	  "CREATE TRIGGER erasure_entry_no_change BEFORE UPDATE ON erasure_entry"
	  "  BEGIN SELECT RAISE(ABORT, 'an erasure record is kept as written'); END;"
	  "CREATE TRIGGER erasure_entry_no_delete BEFORE DELETE ON erasure_entry"
	  "  BEGIN SELECT RAISE(ABORT, 'an erasure record is kept as written'); END;"
	  "CREATE TRIGGER erasure_no_update BEFORE UPDATE ON erasure"
	  "  BEGIN SELECT RAISE(ABORT, 'an erasure record is kept as written'); END;"
	  "CREATE TRIGGER erasure_no_delete BEFORE DELETE ON erasure"
	  "  BEGIN SELECT RAISE(ABORT, 'an erasure record is kept as written'); END;"
	  "DROP TRIGGER journal_no_update;"
	  "CREATE TRIGGER journal_no_update BEFORE UPDATE ON journal"
	  "  WHEN NOT (NEW.id = OLD.id AND NEW.at = OLD.at AND NEW.actor = OLD.actor"
	  "    AND NEW.action = OLD.action AND NEW.entity = OLD.entity"
	  "    AND NEW.entity_id IS OLD.entity_id"
	  "    AND EXISTS (SELECT 1 FROM erasure_entry WHERE journal_id = OLD.id)"
	  "    AND NEW.data = '{\"erased\":' || (SELECT erasure_id FROM erasure_entry"
	  "      WHERE journal_id = OLD.id) || '}')"
	  "  BEGIN SELECT RAISE(ABORT, 'the journal is append-only'); END;" },
	{ 7,
	  /* who must act (issue of findings and fit): trainees with their
	   * mentor and the day their training ends; an accepted handover whose
	   * notice was never sent and that a later accepted handover of the
	   * same client replaced (superseded_by: that one); the audit's
	   * client-requests rule now follows handover.client_request_escalation */
	  "ALTER TABLE manager ADD COLUMN trainee INTEGER NOT NULL DEFAULT 0"
	  "  CHECK (trainee IN (0, 1));"
	  "ALTER TABLE manager ADD COLUMN trainee_until INTEGER;"
	  "ALTER TABLE manager ADD COLUMN mentor_id INTEGER REFERENCES manager(id);"
	  "ALTER TABLE handover ADD COLUMN superseded_by INTEGER REFERENCES handover(id);"
	  "DELETE FROM config WHERE key = 'audit.client-requests.count';" },
	{ 8,
	  /* a contact's postal address (one line, NULL none): whom a handover
	   * notified by letter writes to */
	  "ALTER TABLE contact ADD COLUMN address TEXT;" },
	{ 9,
	  /* meetings with a time and the head's blind zone. A next action is
	   * a call, a meeting, a letter or a task (kind); its due is a day
	   * (timed 0: the date at 00:00 UTC, due by the end of that day in
	   * the base's zone) or a moment (timed 1: UTC seconds). Every move
	   * of a next action is kept with its reason and who asked for it.
	   * An interaction knows the manager who wrote it (author_id, NULL
	   * for a name that is no manager's) and, for a meeting, how many
	   * minutes the manager came late. An incident has the moment it
	   * happened (at; NULL: when it was recorded). A client has the
	   * channel it came from (source) and the time its status last
	   * changed (status_since; NULL: since it was created). */
	  "ALTER TABLE next_action ADD COLUMN timed INTEGER NOT NULL DEFAULT 0"
	  "  CHECK (timed IN (0, 1));"
	  "ALTER TABLE next_action ADD COLUMN kind TEXT NOT NULL DEFAULT 'task'"
	  "  CHECK (kind IN ('call', 'meeting', 'letter', 'task'));"
	  "CREATE TABLE next_move ("
	  "  id INTEGER PRIMARY KEY AUTOINCREMENT,"
	  "  action_id INTEGER NOT NULL REFERENCES next_action(id) ON DELETE CASCADE,"
	  "  at INTEGER NOT NULL,"
	  "  from_due INTEGER NOT NULL,"
	  "  from_timed INTEGER NOT NULL CHECK (from_timed IN (0, 1)),"
	  "  to_due INTEGER NOT NULL,"
	  "  to_timed INTEGER NOT NULL CHECK (to_timed IN (0, 1)),"
	  "  by TEXT NOT NULL DEFAULT 'manager' CHECK (by IN ('client', 'manager')),"
	  "  reason TEXT NOT NULL,"
	  "  actor TEXT NOT NULL,"
	  "  actor_id INTEGER REFERENCES manager(id)"
	  ") STRICT;"
	  "CREATE INDEX next_move_action ON next_move(action_id, at);"
	  "CREATE INDEX next_move_actor ON next_move(actor_id, at);"
	  "ALTER TABLE interaction ADD COLUMN author_id INTEGER REFERENCES manager(id);"
	  "ALTER TABLE interaction ADD COLUMN late INTEGER CHECK (late >= 0);"
	  "UPDATE interaction SET author_id ="
	  "  (SELECT m.id FROM manager m WHERE m.name = interaction.author);"
	  "CREATE INDEX interaction_author ON interaction(author_id, kind, at)"
	  "  WHERE author_id IS NOT NULL;"
	  "ALTER TABLE incident ADD COLUMN at INTEGER;"
	  "ALTER TABLE client ADD COLUMN source TEXT;"
	  "ALTER TABLE client ADD COLUMN status_since INTEGER;"
	  "UPDATE client SET status_since = updated WHERE status IN ('lost', 'farewell');"
	  "CREATE INDEX client_source ON client(source) WHERE source IS NOT NULL;"
	  "CREATE TRIGGER client_status_since AFTER UPDATE OF status ON client"
	  "  WHEN NEW.status IS NOT OLD.status"
	  "  BEGIN UPDATE client SET status_since = NEW.updated WHERE id = NEW.id; END;" },
	{ 10,
	  /* letters as a Russian company writes them: a contact's name in
	   * parts (given name, patronymic, surname), gender ('f', 'm', NULL
	   * unknown) and the form the person is addressed by (address_as:
	   * "Андрей Викторович"); a manager's gender and position, for the
	   * verb and the signature of a letter. letters.language replaces
	   * handover.notice_language: a stored value moves to the new key */
	  "ALTER TABLE contact ADD COLUMN first_name TEXT;"
	  "ALTER TABLE contact ADD COLUMN patronymic TEXT;"
	  "ALTER TABLE contact ADD COLUMN last_name TEXT;"
	  "ALTER TABLE contact ADD COLUMN gender TEXT CHECK (gender IN ('f', 'm'));"
	  "ALTER TABLE contact ADD COLUMN address_as TEXT;"
	  "ALTER TABLE manager ADD COLUMN gender TEXT CHECK (gender IN ('f', 'm'));"
	  "ALTER TABLE manager ADD COLUMN position TEXT;"
	  "INSERT OR IGNORE INTO config(key, value) SELECT 'letters.language', value"
	  "  FROM config WHERE key = 'handover.notice_language';"
	  "DELETE FROM config WHERE key = 'handover.notice_language';" },
	{ 11,
	  /* contacts as people: job title (position), birthday ('1970-05-12',
	   * or '--05-12' when the year is unknown), interests (a JSON list, as
	   * a client's), a note, the channel the person prefers ('email',
	   * 'phone', 'messenger') and their messenger; the day they left the
	   * client (left_on, NULL: still there) and the contact who took over
	   * (successor_id) */
	  "ALTER TABLE contact ADD COLUMN position TEXT;"
	  "ALTER TABLE contact ADD COLUMN birthday TEXT;"
	  "ALTER TABLE contact ADD COLUMN interests TEXT NOT NULL DEFAULT '[]';"
	  "ALTER TABLE contact ADD COLUMN note TEXT;"
	  "ALTER TABLE contact ADD COLUMN preferred TEXT"
	  "  CHECK (preferred IN ('email', 'phone', 'messenger'));"
	  "ALTER TABLE contact ADD COLUMN messenger TEXT;"
	  "ALTER TABLE contact ADD COLUMN left_on INTEGER;"
	  "ALTER TABLE contact ADD COLUMN successor_id INTEGER REFERENCES contact(id)"
	  "  ON DELETE SET NULL;"
	  "CREATE INDEX contact_birthday ON contact(birthday)"
	  "  WHERE birthday IS NOT NULL AND left_on IS NULL;" },
	{ 12,
	  /* the identity is the user's, not the base's: it comes from --as,
	   * CRM_USER, the user's own config file or the login name, and
	   * user.name is no longer a setting of the base */
	  "DELETE FROM config WHERE key = 'user.name';" },
};

const size_t crmi_migrations_count = sizeof(crmi_migrations) / sizeof(crmi_migrations[0]);
