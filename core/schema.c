/*
 * schema.c: numbered migrations, applied at open in one transaction.
 * A shipped step is never edited: fixes go in a new step. The array is
 * kept sorted by version with no gaps (a unit test checks it).
 */
#include <stdio.h>

#include "crm-private.h"

struct migration {
	int version;
	const char *sql;
};

static const struct migration migrations[] = {
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
};

int crm_schema_version(void)
{
	return migrations[ARRAY_SIZE(migrations) - 1].version;
}

int crmi_schema_user_version(struct crm_db *db)
{
	sqlite3_stmt *st = NULL;
	int v = -1;

	if (sqlite3_prepare_v2(db->sql, "PRAGMA user_version", -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW) {
		v = sqlite3_column_int(st, 0);
	}
	sqlite3_finalize(st);
	return v;
}

/* Brings the base from its user_version up to target, all or nothing. */
crm_status crmi_schema_migrate(struct crm_db *db, int target)
{
	crm_status st;
	int from;
	char pragma[64];

	st = crmi_exec(db, "BEGIN IMMEDIATE");
	if (st != CRM_OK) {
		return st;
	}
	from = crmi_schema_user_version(db);
	if (from < 0) {
		st = crmi_fail(db, CRM_EDB, "cannot read the schema version of '%s'", db->path);
		goto fail;
	}
	for (size_t i = 0; i < ARRAY_SIZE(migrations); i++) {
		const struct migration *m = &migrations[i];

		if (m->version <= from || m->version > target) {
			continue;
		}
		st = crmi_exec(db, m->sql);
		if (st != CRM_OK) {
			crmi_fail(db, st, "cannot upgrade '%s' to schema %d: %s", db->path,
				  m->version, sqlite3_errmsg(db->sql));
			goto fail;
		}
		snprintf(pragma, sizeof(pragma), "PRAGMA user_version = %d", m->version);
		st = crmi_exec(db, pragma);
		if (st != CRM_OK) {
			goto fail;
		}
	}
	return crmi_exec(db, "COMMIT");
fail:
	sqlite3_exec(db->sql, "ROLLBACK", NULL, NULL, NULL);
	return st;
}
