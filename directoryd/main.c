/*
 * main.c - directoryd's entry point: options, configuration, and the
 * dispatch to a subcommand (serve, migrate, import-hsds, token, org).
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "cli_apply.h"
#include "cli_keys.h"
#include "config.h"
#include "db.h"
#include "ldap_auth.h"

static void usage(FILE *out)
{
	fputs("usage: directoryd [options] COMMAND [ARGS]\n"
	      "\n"
	      "commands:\n"
	      "  serve                      serve the HTTP API\n"
	      "  migrate                    apply database migrations and seed vocabularies\n"
	      "  import [--prune] [--allow-skipped] [--datapackage FILE] PATH\n"
	      "                             import HSDS 3.0/3.1 JSON or CSV, or HSDS 1.x CSV\n"
	      "                             (import-hsds is the same command)\n"
	      "  export hsds-json|hsds-csv FILE [own|all]\n"
	      "                             write the directory as HSDS 3.0 JSON or a zipped\n"
	      "                             Tabular Data Package (all: with mirrored listings)\n"
	      "  token create --organization ID | --node-admin [--label TEXT]\n"
	      "  token list | token revoke ID\n"
	      "  org create --name NAME [--description TEXT] [--sex-worker-led]\n"
	      "  unchecked                  list texts the eligibility rule could not check\n"
	      "  review list | review approve ID | review refuse ID\n"
	      "                             records the eligibility rule held for review\n"
	      "  peers add NAME URL FINGERPRINT [--relay ORIGIN=FINGERPRINT]... [--serve-only]\n"
	      "  peers pin NODE_ID FINGERPRINT | peers list | peers remove NAME\n"
	      "  sync [--peer NAME]         pull peers now, in the foreground\n"
	      "  keygen                     write this node's first Ed25519 key\n"
	      "  keys list | keys rotate [--lead SECONDS] | keys revoke KEYID\n"
	      "  listings --state stale|revalidation_pending|refused | listings --unconfirmed\n"
	      "  invite create --role ROLE [--organization ID | --new-organization NAME]\n"
	      "  invite create --reset USERNAME | invite list | invite revoke ID\n"
	      "  user list | user disable|enable|passwd|totp-off USERNAME\n"
	      "  user role USERNAME ROLE [--organization ID]\n"
	      "  audit [list] [--record ID] [--organization ID] [--account ID] [--way WAY]\n"
	      "        [--since TIME] [--until TIME] | audit prune\n"
	      "\n"
	      "options:\n"
	      "  -c, --config FILE          INI configuration file\n"
	      "  -d, --database CONNINFO    libpq connection string (else PG* variables)\n"
	      "      --data-dir DIR         folder with migrations/, sql/ and data/\n"
	      "  -l, --listen ADDR:PORT     where serve listens (default 127.0.0.1:8080)\n"
	      "  -n                         check the configuration and exit\n"
	      "      --help-config          list the configuration keys\n"
	      "  -h, --help                 this text\n",
	      out);
}

enum {
	OPT_DATA_DIR = 256,
	OPT_ORG,
	OPT_NODE_ADMIN,
	OPT_LABEL,
	OPT_NAME,
	OPT_DESCRIPTION,
	OPT_SWL,
	OPT_HELP_CONFIG,
	OPT_PEER,
	OPT_RELAY,
	OPT_SERVE_ONLY,
	OPT_LEAD,
	OPT_STATE,
	OPT_UNCONFIRMED,
	OPT_ROLE,
	OPT_NEW_ORG,
	OPT_RESET,
	OPT_RECORD,
	OPT_ACCOUNT,
	OPT_WAY,
	OPT_SINCE,
	OPT_UNTIL,
	OPT_PRUNE,
	OPT_ALLOW_SKIPPED,
	OPT_DATAPACKAGE,
};

static const struct option long_options[] = {
	{ "config", required_argument, NULL, 'c' },
	{ "database", required_argument, NULL, 'd' },
	{ "data-dir", required_argument, NULL, OPT_DATA_DIR },
	{ "listen", required_argument, NULL, 'l' },
	{ "organization", required_argument, NULL, OPT_ORG },
	{ "node-admin", no_argument, NULL, OPT_NODE_ADMIN },
	{ "label", required_argument, NULL, OPT_LABEL },
	{ "name", required_argument, NULL, OPT_NAME },
	{ "description", required_argument, NULL, OPT_DESCRIPTION },
	{ "sex-worker-led", no_argument, NULL, OPT_SWL },
	{ "help-config", no_argument, NULL, OPT_HELP_CONFIG },
	{ "peer", required_argument, NULL, OPT_PEER },
	{ "relay", required_argument, NULL, OPT_RELAY },
	{ "serve-only", no_argument, NULL, OPT_SERVE_ONLY },
	{ "lead", required_argument, NULL, OPT_LEAD },
	{ "state", required_argument, NULL, OPT_STATE },
	{ "unconfirmed", no_argument, NULL, OPT_UNCONFIRMED },
	{ "role", required_argument, NULL, OPT_ROLE },
	{ "new-organization", required_argument, NULL, OPT_NEW_ORG },
	{ "reset", required_argument, NULL, OPT_RESET },
	{ "record", required_argument, NULL, OPT_RECORD },
	{ "account", required_argument, NULL, OPT_ACCOUNT },
	{ "way", required_argument, NULL, OPT_WAY },
	{ "since", required_argument, NULL, OPT_SINCE },
	{ "until", required_argument, NULL, OPT_UNTIL },
	{ "prune", no_argument, NULL, OPT_PRUNE },
	{ "allow-skipped", no_argument, NULL, OPT_ALLOW_SKIPPED },
	{ "datapackage", required_argument, NULL, OPT_DATAPACKAGE },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

/* Overrides are applied after the file, so keep them until then. */
struct overrides {
	const char *database, *data_dir, *listen;
};

static int parse_options(int argc, char **argv, struct cli_opts *o, struct overrides *ov)
{
	int c;

	while ((c = getopt_long(argc, argv, "c:d:l:nh", long_options, NULL)) != -1) {
		switch (c) {
		case 'c': o->config_path = optarg; break;
		case 'd': ov->database = optarg; break;
		case 'l': ov->listen = optarg; break;
		case 'n': o->check_only = 1; break;
		case OPT_DATA_DIR: ov->data_dir = optarg; break;
		case OPT_ORG: o->organization = optarg; break;
		case OPT_NODE_ADMIN: o->node_admin = 1; break;
		case OPT_LABEL: o->label = optarg; break;
		case OPT_NAME: o->name = optarg; break;
		case OPT_DESCRIPTION: o->description = optarg; break;
		case OPT_SWL: o->sex_worker_led = 1; break;
		case OPT_PEER: o->peer = optarg; break;
		case OPT_SERVE_ONLY: o->serve_only = 1; break;
		case OPT_LEAD: o->lead = optarg; break;
		case OPT_STATE: o->state = optarg; break;
		case OPT_UNCONFIRMED: o->unconfirmed = 1; break;
		case OPT_ROLE: o->role = optarg; break;
		case OPT_NEW_ORG: o->new_organization = optarg; break;
		case OPT_RESET: o->reset = optarg; break;
		case OPT_RECORD: o->record = optarg; break;
		case OPT_ACCOUNT: o->account = optarg; break;
		case OPT_WAY: o->way = optarg; break;
		case OPT_SINCE: o->since = optarg; break;
		case OPT_UNTIL: o->until = optarg; break;
		case OPT_PRUNE: o->prune = 1; break;
		case OPT_ALLOW_SKIPPED: o->allow_skipped = 1; break;
		case OPT_DATAPACKAGE: o->datapackage = optarg; break;
		case OPT_RELAY:
			if (o->nrelays == (int)(sizeof(o->relays) / sizeof(o->relays[0]))) {
				fprintf(stderr, "directoryd: at most 32 --relay options\n");
				return 2;
			}
			o->relays[o->nrelays++] = optarg;
			break;
		case OPT_HELP_CONFIG: config_print_table(); return 0;
		case 'h': usage(stdout); return 0;
		default: usage(stderr); return 2;
		}
	}
	o->args = argv + optind;
	o->nargs = argc - optind;
	return -1;
}

/* The LDAP keys, the node's and each organisation's, belong together (auth/ldap_auth.c). */
static int load_check_ldap(const struct dir_config *cfg, struct dir_error *err)
{
	return ldapauth_check_config(cfg, err);
}

static int load_config(struct dir_config *cfg, const struct cli_opts *o, const struct overrides *ov)
{
	struct dir_error err;
	int rc = 0;

	dir_error_init(&err);
	if (config_defaults(cfg) != 0 ||
	    (o->config_path != NULL && config_read_file(cfg, o->config_path, &err) != 0) ||
	    (ov->database != NULL && config_set(cfg, "database", ov->database, &err) != 0) ||
	    (ov->data_dir != NULL && config_set(cfg, "data_dir", ov->data_dir, &err) != 0) ||
	    (ov->listen != NULL && config_set(cfg, "listen", ov->listen, &err) != 0) ||
	    config_check(cfg, &err) != 0 || load_check_ldap(cfg, &err) != 0) {
		cli_report(&err);
		rc = -1;
	}
	dir_error_clear(&err);
	return rc;
}

struct command {
	const char *name;
	int (*run)(struct dir_config *, const struct cli_opts *);
};

static const struct command commands[] = {
	{ "serve", cli_serve },         { "migrate", cli_migrate }, { "import-hsds", cli_import },
	{ "import", cli_import },       { "token", cli_token },     { "org", cli_org },
	{ "unchecked", cli_unchecked }, { "peers", cli_peers },     { "sync", cli_sync },
	{ "keygen", cli_keygen },       { "keys", cli_keys },       { "listings", cli_listings },
	{ "invite", cli_invite },       { "user", cli_user },       { "audit", cli_audit },
	{ "review", cli_review },       { "export", cli_export },
};

int main(int argc, char **argv)
{
	struct cli_opts opts = { 0 };
	struct overrides ov = { 0 };
	struct dir_config cfg;
	int rc = parse_options(argc, argv, &opts, &ov);

	if (rc >= 0)
		return rc;
	if (load_config(&cfg, &opts, &ov) != 0) {
		config_free(&cfg);
		return 1;
	}
	db_set_connect_timeout(cfg.database_connect_timeout);
	if (opts.check_only) {
		printf("configuration ok\n");
		config_free(&cfg);
		return 0;
	}
	rc = -1;
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (opts.nargs > 0 && strcmp(opts.args[0], commands[i].name) == 0)
			rc = commands[i].run(&cfg, &opts);
	if (rc == -1) {
		usage(stderr);
		rc = 2;
	}
	config_free(&cfg);
	return rc;
}
