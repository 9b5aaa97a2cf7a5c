/*
 * cli_keys.h - the key subcommands of directoryd: keygen, keys
 * list|rotate|revoke (docs/federation.md, section 2).
 */
#ifndef DIRECTORYD_CLI_KEYS_H
#define DIRECTORYD_CLI_KEYS_H

#include "cli.h"

/*
 * directoryd keygen: write key 1 to <key_dir>/1.key (refuses when it
 * exists) and print {"keyid", "fingerprint"} on one line. Needs only
 * key_dir and public_url. Returns the exit status (0, 1 failure, 2 usage).
 */
int cli_keygen(struct dir_config *cfg, const struct cli_opts *opts);

/*
 * directoryd keys list | rotate [--lead SECONDS] | revoke KEYID: one JSON
 * object per line, {"keyid", "fingerprint", "state", "valid_from",
 * "retired_at", "revoked_at"}: every key for list, the new key for rotate,
 * the current key after a revocation. Key files not yet in the database
 * are registered first. Returns the exit status.
 */
int cli_keys(struct dir_config *cfg, const struct cli_opts *opts);

#endif
