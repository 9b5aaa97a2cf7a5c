/*
 * cli_auth.c - the node admin's commands for accounts: invite, user and
 * audit. Passwords are read from the terminal (not echoed) or from
 * standard input, never from the arguments.
 */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "account.h"
#include "audit.h"
#include "cli.h"
#include "eligibility.h"
#include "invite.h"
#include "password.h"
#include "publish.h"
#include "store.h"
#include "totp.h"
#include "validate.h"

/* Read one line into buf (cap bytes) without its newline; no echo on a terminal. */
static int cli_read_line(const char *prompt, char *buf, size_t cap)
{
	struct termios old, quiet;
	int tty = isatty(STDIN_FILENO);
	size_t len;
	char *got;

	if (tty) {
		fputs(prompt, stderr);
		tcgetattr(STDIN_FILENO, &old);
		quiet = old;
		quiet.c_lflag &= ~(tcflag_t)ECHO;
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
	}
	got = fgets(buf, (int)cap, stdin);
	if (tty) {
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &old);
		fputc('\n', stderr);
	}
	if (got == NULL)
		return -1;
	len = strcspn(buf, "\r\n");
	buf[len] = '\0';
	return 0;
}

/* A new password from the terminal (asked twice) or standard input. */
static int cli_read_password(char *buf, size_t cap)
{
	char again[AUTH_PASSWORD_MAX + 2];
	int rc;

	if (cli_read_line("new password: ", buf, cap) != 0) {
		fprintf(stderr, "directoryd: no password on standard input\n");
		return -1;
	}
	if (!isatty(STDIN_FILENO))
		return 0;
	rc = cli_read_line("again: ", again, sizeof(again)) == 0 && strcmp(buf, again) == 0 ? 0
											    : -1;
	if (rc != 0)
		fprintf(stderr, "directoryd: the two passwords differ\n");
	sodium_memzero(again, sizeof(again));
	return rc;
}

/* org create, for invite --new-organization: validation and eligibility. */
static int cli_new_org(struct dir_config *cfg, PGconn *conn, const char *name, char id[37],
		       struct dir_error *err)
{
	char dir[4200];
	struct elig_rules *rules;
	json_t *doc = json_pack("{s:s, s:s}", "name", name, "description", "");
	int rc = -1;

	snprintf(dir, sizeof(dir), "%s/data/eligibility", cfg->data_dir);
	if ((rules = elig_rules_load(dir, err)) == NULL || doc == NULL)
		goto done;
	publish_install_config(conn, cfg);
	if (val_check(DIR_KIND_ORGANIZATION, doc, err) != 0 ||
	    elig_check_document(rules, doc, "", err, NULL) != 0 || db_begin(conn, err) != 0)
		goto done;
	if (audit_set_actor(conn, NULL, "cli", NULL, err) == 0 &&
	    store_put(conn, DIR_KIND_ORGANIZATION, doc, NULL, id, err) == 0 &&
	    db_commit(conn, err) == 0)
		rc = 0;
	else
		db_rollback(conn);
done:
	json_decref(doc);
	elig_rules_free(rules);
	return rc;
}

static int cli_invite_create(struct dir_config *cfg, PGconn *conn, const struct cli_opts *o,
			     struct dir_error *err)
{
	enum auth_role role = auth_role_from_name(o->role);
	char org[37] = "", reset[37] = "";
	struct invite_new inv;

	if (o->reset != NULL) {
		if (account_find(conn, o->reset, NULL, reset, err) != 0)
			return 1;
	} else if (role == AUTH_ROLE_NONE ||
		   (o->organization != NULL && o->new_organization != NULL) ||
		   (o->organization != NULL && !val_is_uuid(o->organization))) {
		fprintf(stderr,
			"usage: directoryd invite create --role ROLE "
			"[--organization ID | --new-organization NAME] | --reset USERNAME\n");
		return 2;
	}
	if (o->new_organization != NULL && cli_new_org(cfg, conn, o->new_organization, org, err))
		return 1;
	if (o->organization != NULL)
		snprintf(org, sizeof(org), "%s", o->organization);
	if (invite_create(conn, role, org[0] ? org : NULL, reset[0] ? reset : NULL, NULL,
			  cfg->invitation_lifetime, NULL, &inv, err) != 0)
		return 1;
	printf("%s\n", inv.code);
	sodium_memzero(inv.code, sizeof(inv.code));
	fprintf(stderr,
		"invitation %s%s%s created, valid until %s; it is shown only this once. The "
		"invited person sends it with a username and a password to POST /auth/invite\n",
		inv.id, org[0] ? " for organization " : "", org, inv.expires_at);
	return 0;
}

/* Print a JSON array as one compact object per line. */
static void cli_print_lines(json_t *list)
{
	size_t i;
	json_t *item;

	json_array_foreach(list, i, item)
	{
		char *line = json_dumps(item, JSON_COMPACT);
		if (line != NULL)
			printf("%s\n", line);
		free(line);
	}
}

int cli_invite(struct dir_config *cfg, const struct cli_opts *opts)
{
	const char *verb = opts->nargs > 1 ? opts->args[1] : "";
	struct dir_error err;
	PGconn *conn;
	json_t *list;
	int rc = 2;

	if ((conn = cli_connect(cfg)) == NULL)
		return 1;
	dir_error_init(&err);
	if (strcmp(verb, "create") == 0) {
		rc = cli_invite_create(cfg, conn, opts, &err);
	} else if (strcmp(verb, "list") == 0) {
		rc = (list = invite_list(conn, NULL, &err)) != NULL ? 0 : 1;
		cli_print_lines(list);
		json_decref(list);
	} else if (strcmp(verb, "revoke") == 0 && opts->nargs == 3 && val_is_uuid(opts->args[2])) {
		rc = invite_revoke(conn, opts->args[2], NULL, &err) == 0 ? 0 : 1;
	} else {
		fprintf(stderr, "usage: directoryd invite create|list|revoke ID\n");
	}
	if (rc == 1)
		cli_report(&err);
	dir_error_clear(&err);
	PQfinish(conn);
	return rc;
}

static int cli_user_passwd(PGconn *conn, const char *id, struct dir_error *err)
{
	char pw[AUTH_PASSWORD_MAX + 2], hash[AUTH_PWHASH_MAX];
	int rc = 1;

	if (cli_read_password(pw, sizeof(pw)) == 0 && auth_password_hash(pw, hash, err) == 0 &&
	    account_set_password(conn, id, hash, NULL, err) == 0)
		rc = 0;
	sodium_memzero(pw, sizeof(pw));
	sodium_memzero(hash, sizeof(hash));
	return rc;
}

/* user disable|enable|passwd|totp-off|role USERNAME [ROLE]. */
static int cli_user_change(PGconn *conn, const struct cli_opts *o, struct dir_error *err)
{
	const char *verb = o->args[1];
	char id[37];

	if (o->nargs < 3 || account_find(conn, o->args[2], NULL, id, err) != 0)
		return o->nargs < 3 ? 2 : 1;
	if (strcmp(verb, "disable") == 0 || strcmp(verb, "enable") == 0)
		return account_set_disabled(conn, id, verb[0] == 'd', NULL, err) == 0 ? 0 : 1;
	if (strcmp(verb, "passwd") == 0)
		return cli_user_passwd(conn, id, err);
	if (strcmp(verb, "totp-off") == 0) /* the lost authenticator: sessions end too */
		return totp_remove(conn, id, NULL, err) == 0 ? 0 : 1;
	if (strcmp(verb, "role") == 0 && o->nargs == 4)
		return account_set_role(conn, id, auth_role_from_name(o->args[3]), o->organization,
					NULL, err) == 0
			       ? 0
			       : 1;
	return 2;
}

int cli_user(struct dir_config *cfg, const struct cli_opts *opts)
{
	const char *verb = opts->nargs > 1 ? opts->args[1] : "";
	struct dir_error err;
	PGconn *conn;
	json_t *list;
	int rc;

	if ((conn = cli_connect(cfg)) == NULL)
		return 1;
	dir_error_init(&err);
	if (strcmp(verb, "list") == 0) {
		rc = (list = account_list(conn, NULL, &err)) != NULL ? 0 : 1;
		cli_print_lines(list);
		json_decref(list);
	} else {
		rc = cli_user_change(conn, opts, &err);
	}
	if (rc == 2)
		fprintf(stderr,
			"usage: directoryd user list | disable|enable|passwd|totp-off USERNAME"
			" | role USERNAME ROLE [--organization ID]\n");
	if (rc == 1)
		cli_report(&err);
	dir_error_clear(&err);
	PQfinish(conn);
	return rc;
}

int cli_audit(struct dir_config *cfg, const struct cli_opts *opts)
{
	struct audit_filter f = { opts->record,
				  opts->organization,
				  opts->account,
				  opts->way,
				  opts->since,
				  opts->until,
				  1,
				  1000 };
	const char *verb = opts->nargs > 1 ? opts->args[1] : "list";
	struct dir_error err;
	PGconn *conn;
	json_t *page = NULL;
	long n = 0;

	if (strcmp(verb, "list") != 0 && strcmp(verb, "prune") != 0) {
		fprintf(stderr,
			"usage: directoryd audit [list] [--record ID] [--organization ID]"
			" [--account ID] [--way WAY] [--since T] [--until T] | audit prune\n");
		return 2;
	}
	if ((conn = cli_connect(cfg)) == NULL)
		return 1;
	dir_error_init(&err);
	if (strcmp(verb, "prune") == 0) {
		if ((n = audit_prune(conn, cfg->audit_retention, &err)) >= 0)
			printf("%ld audit entries older than %ld s pruned\n", n,
			       cfg->audit_retention);
	} else if ((page = audit_list(conn, &f, NULL, &err)) != NULL) {
		cli_print_lines(json_object_get(page, "contents"));
	}
	if (dir_error_isset(&err))
		cli_report(&err);
	json_decref(page);
	dir_error_clear(&err);
	PQfinish(conn);
	return n < 0 || (page == NULL && strcmp(verb, "list") == 0) ? 1 : 0;
}
