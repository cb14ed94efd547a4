/*
 * pg-schema.h: crm's schema on PostgreSQL, as data (pg-schema.c).
 */
#ifndef CRM_PG_SCHEMA_H
#define CRM_PG_SCHEMA_H

/*
 * The schema version crmi_pg_schema creates: the last step of
 * migrations.c. crm_schema holds it in its one row.
 */
#define CRMI_PG_SCHEMA_VERSION 12

/*
 * The DDL of crm's current schema for an empty PostgreSQL database: the
 * tables, indexes and triggers SQLite has after every step of
 * migrations.c, and crm_schema (the version, commented 'crm': the mark
 * that the database is crm's). Plain SQL statements separated by ';', for
 * one PQexec inside one transaction.
 */
extern const char crmi_pg_schema[];

/*
 * The functions of SQLite that crm's shared SQL calls and PostgreSQL
 * lacks, with SQLite's answers (the list is at the top of pg-schema.c).
 * Created in the current schema, after or with crmi_pg_schema.
 */
extern const char crmi_pg_functions[];

#endif
