/*
 * cli.h - the subcommands of the directoryd program.
 */
#ifndef DIRECTORYD_CLI_H
#define DIRECTORYD_CLI_H

#include <libpq-fe.h>

#include "config.h"

/* Options from the command line; strings are borrowed from argv. */
struct cli_opts {
	const char *config_path;
	const char *organization; /* token create --organization */
	const char *label;        /* token create --label */
	const char *name;         /* org create --name */
	const char *description;  /* org create --description */
	int node_admin;           /* token create --node-admin */
	int sex_worker_led;       /* org create --sex-worker-led */
	int check_only;           /* -n */
	const char *lead;         /* keys rotate --lead SECONDS */
	const char *peer;         /* sync --peer */
	const char *relays[32];   /* peers add --relay ORIGIN=FINGERPRINT */
	int nrelays;
	int serve_only;               /* peers add --serve-only */
	const char *state;            /* listings --state */
	int unconfirmed;              /* listings --unconfirmed */
	const char *role;             /* invite create --role */
	const char *new_organization; /* invite create --new-organization */
	const char *reset;            /* invite create --reset USERNAME */
	const char *record;           /* audit --record */
	const char *account;          /* audit --account */
	const char *way;              /* audit --way */
	const char *since, *until;    /* audit --since, --until */
	int prune;                    /* import --prune */
	int allow_skipped;            /* import --allow-skipped */
	const char *datapackage;      /* import --datapackage FILE */
	char **args;                  /* positional words after the subcommand */
	int nargs;
};

/*
 * Each subcommand runs with the final configuration and returns the
 * process exit status: 0 success, 1 failure (message on stderr), 2 usage.
 */
int cli_serve(struct dir_config *cfg, const struct cli_opts *opts);
int cli_migrate(struct dir_config *cfg, const struct cli_opts *opts);
int cli_import(struct dir_config *cfg, const struct cli_opts *opts);
/* export hsds-json|hsds-csv FILE [own|all] (cli_export.c): GET /export to a file. */
int cli_export(struct dir_config *cfg, const struct cli_opts *opts);
int cli_token(struct dir_config *cfg, const struct cli_opts *opts);
int cli_org(struct dir_config *cfg, const struct cli_opts *opts);
/* Print records with text the eligibility rule left unchecked (JSON Lines). */
int cli_unchecked(struct dir_config *cfg, const struct cli_opts *opts);
/*
 * review list (the records the eligibility rule holds, JSON Lines),
 * review approve ID (write the record), review refuse ID (cli_review.c).
 */
int cli_review(struct dir_config *cfg, const struct cli_opts *opts);

/*
 * Accounts (cli_auth.c): invite create|list|revoke; user list|disable|
 * enable|passwd|role; audit [list]|prune.
 */
int cli_invite(struct dir_config *cfg, const struct cli_opts *opts);
int cli_user(struct dir_config *cfg, const struct cli_opts *opts);
int cli_audit(struct dir_config *cfg, const struct cli_opts *opts);

/* Federation (federation/cli_fed.c): peers add|pin|list|remove, sync. */
int cli_peers(struct dir_config *cfg, const struct cli_opts *opts);
int cli_sync(struct dir_config *cfg, const struct cli_opts *opts);

/*
 * Connect to cfg->database. Returns the connection (the caller PQfinishes
 * it), or NULL after printing why to stderr.
 */
PGconn *cli_connect(const struct dir_config *cfg);

/* Print err to stderr as "directoryd: <field>: <message>" lines. */
void cli_report(const struct dir_error *err);

#endif
