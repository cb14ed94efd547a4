/*
 * pg-schema.h: crm's schema and SQL functions on PostgreSQL (pg-schema.c).
 */
#ifndef CRM_PG_SCHEMA_H
#define CRM_PG_SCHEMA_H

/* The DDL of crm's current schema, for an empty database (crm init). */
extern const char crmi_pg_schema[];
/* The SQL functions with SQLite's meaning that crm's queries call. */
extern const char crmi_pg_functions[];

#endif
