/*
 * fuzz_config.c - the configuration file parser: config_read_file (INI
 * via libinih and the configuration table) on the input as a file, then
 * what `directoryd -n` and SIGHUP do with a file that was read: the
 * dependent checks, the node id, and swapping in the reloadable keys.
 */
#include "config.h"
#include "error.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct dir_config cfg, live;
	struct dir_error err;
	const char *path = fuzz_file(data, size);
	char node[256];

	if (path == NULL)
		return 0;
	dir_error_init(&err);
	if (config_defaults(&cfg) != 0 || config_defaults(&live) != 0)
		fuzz_fail("config_defaults failed");
	if (config_read_file(&cfg, path, &err) == 0) {
		if (dir_error_isset(&err))
			fuzz_fail("config_read_file succeeded with an error");
		if (config_check(&cfg, &err) == 0) {
			if (config_node_id(&cfg, node, sizeof(node)) != 0 ||
			    memchr(node, '\0', sizeof(node)) == NULL)
				fuzz_fail("a checked configuration has no node id");
			if (config_apply_reloadable(&live, &cfg) != 0)
				fuzz_fail("config_apply_reloadable failed");
		}
	} else if (!dir_error_isset(&err)) {
		fuzz_fail("config_read_file failed without an error");
	}
	dir_error_clear(&err);
	config_free(&cfg);
	config_free(&live);
	return 0;
}
