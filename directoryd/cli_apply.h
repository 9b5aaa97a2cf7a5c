/*
 * cli_apply.h - `directoryd listings --state STATE`: the coordinator's list
 * of stale, revalidation_pending or refused listings (docs/federation.md,
 * section 9).
 */
#ifndef DIRECTORYD_CLI_APPLY_H
#define DIRECTORYD_CLI_APPLY_H

#include "cli.h"

/*
 * Print the listings in opts->state (stale, revalidation_pending or
 * refused) as JSON Lines on stdout, after storing cfg->stale_after in
 * fed_setting. Returns 0, 1 on failure (message on stderr), 2 on a usage
 * error.
 */
int cli_listings(struct dir_config *cfg, const struct cli_opts *opts);

#endif
