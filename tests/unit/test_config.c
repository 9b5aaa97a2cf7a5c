/* test_config.c - the configuration table, INI files, checks and reload. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config.h"

static char *write_temp(const char *text)
{
	char *path = strdup("/tmp/dirconf.XXXXXX");
	int fd = mkstemp(path);

	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);
	return path;
}

static void test_defaults(void **state)
{
	struct dir_config cfg;
	struct dir_error err;
	char node[64];

	(void)state;
	dir_error_init(&err);
	assert_int_equal(config_defaults(&cfg), 0);
	assert_string_equal(cfg.listen, "127.0.0.1:8080");
	assert_int_equal(cfg.per_page_max, 100);
	assert_int_equal(config_check(&cfg, &err), 0);
	assert_int_equal(config_node_id(&cfg, node, sizeof(node)), 0);
	assert_string_equal(node, "127.0.0.1:8080");
	config_free(&cfg);
}

static void test_file_and_override(void **state)
{
	struct dir_config cfg;
	struct dir_error err;
	char *path = write_temp("[directoryd]\nlisten = 127.0.0.1:9999\n"
				"public_url = https://Dir.Example.org/base\n"
				"threads = 8\n");
	char node[64];

	(void)state;
	dir_error_init(&err);
	config_defaults(&cfg);
	assert_int_equal(config_read_file(&cfg, path, &err), 0);
	assert_string_equal(cfg.listen, "127.0.0.1:9999");
	assert_int_equal(cfg.threads, 8);
	assert_int_equal(config_set(&cfg, "listen", "127.0.0.1:7000", &err), 0);
	assert_string_equal(cfg.listen, "127.0.0.1:7000");
	assert_int_equal(config_node_id(&cfg, node, sizeof(node)), 0);
	assert_string_equal(node, "dir.example.org");
	config_free(&cfg);
	unlink(path);
	free(path);
}

struct bad_case {
	const char *text;
	const char *field_part;
};

static const struct bad_case bad_cases[] = {
	{ "threads = 0\n", "threads" },
	{ "threads = many\n", "threads" },
	{ "per_page_max = 5000\n", "per_page_max" },
	{ "colour = blue\n", "colour" },
	{ "[elsewhere]\nlisten = 1.2.3.4:5\n", "listen" },
};

static void test_bad_files(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(bad_cases) / sizeof(bad_cases[0]); i++) {
		struct dir_config cfg;
		struct dir_error err;
		char *path = write_temp(bad_cases[i].text);

		dir_error_init(&err);
		config_defaults(&cfg);
		assert_int_equal(config_read_file(&cfg, path, &err), -1);
		assert_string_equal(err.code, "invalid_parameter");
		assert_non_null(strstr(err.field, bad_cases[i].field_part));
		dir_error_clear(&err);
		config_free(&cfg);
		unlink(path);
		free(path);
	}
}

static void test_checks(void **state)
{
	struct dir_config cfg;
	struct dir_error err;

	(void)state;
	dir_error_init(&err);
	config_defaults(&cfg);
	config_set(&cfg, "listen", "nonsense", &err);
	config_set(&cfg, "public_url", "ftp://x", &err);
	config_set(&cfg, "country", "ch", &err);
	assert_int_equal(config_check(&cfg, &err), -1);
	assert_int_equal(json_array_size(err.details), 3);
	dir_error_clear(&err);
	config_free(&cfg);
}

static void test_reload_changes_only_reloadable(void **state)
{
	struct dir_config live, fresh;

	(void)state;
	config_defaults(&live);
	config_defaults(&fresh);
	config_set(&fresh, "per_page_max", "50", NULL);
	config_set(&fresh, "node_name", "renamed", NULL);
	config_set(&fresh, "listen", "127.0.0.1:1", NULL);
	assert_int_equal(config_apply_reloadable(&live, &fresh), 0);
	assert_int_equal(live.per_page_max, 50);
	assert_string_equal(live.node_name, "renamed");
	assert_string_equal(live.listen, "127.0.0.1:8080");
	config_free(&live);
	config_free(&fresh);
}

/* Allocation failure hook: the fail_at-th copy (counting from 0) fails. */
static int strdup_calls, strdup_fail_at;

static char *failing_strdup(const char *s)
{
	return strdup_calls++ == strdup_fail_at ? NULL : strdup(s);
}

/* Every string and number of a configuration, to compare two of them. */
static void config_text(const struct dir_config *c, char *out, size_t cap)
{
	snprintf(out, cap,
		 "%s|%ld|%s|%s|%s|%s|%s|%ld|%ld|%ld|%ld|%ld|%s|%s|%s|%ld|%ld|%ld|%ld|%ld|%ld|%ld|%"
		 "ld",
		 c->database, c->database_connect_timeout, c->listen, c->data_dir, c->public_url,
		 c->node_name, c->country, c->threads, c->max_connections, c->per_ip_connections,
		 c->connection_timeout, c->per_page_max, c->log_level, c->mode, c->key_dir,
		 c->key_rotation_lead, c->signature_max_age, c->sync_interval, c->sync_timeout,
		 c->sync_max_response, c->sync_page_size, c->tombstone_retention, c->stale_after);
}

/*
 * A reload is all or nothing (issue 7, fault 3): fail each allocation of
 * config_apply_reloadable in turn; every failed call must leave the live
 * configuration exactly as it was, and the call with no failure must apply
 * every reloadable key.
 */
static void test_reload_fails_whole(void **state)
{
	char before[4096], now[4096], want[4096];
	struct dir_config live, fresh, expect;
	int rc = -1, failed = 0;

	(void)state;
	assert_int_equal(config_defaults(&fresh), 0);
	assert_int_equal(config_set(&fresh, "node_name", "Fresh node", NULL), 0);
	assert_int_equal(config_set(&fresh, "country", "CH", NULL), 0);
	assert_int_equal(config_set(&fresh, "log_level", "debug", NULL), 0);
	assert_int_equal(config_set(&fresh, "per_page_max", "7", NULL), 0);
	assert_int_equal(config_set(&fresh, "sync_interval", "5", NULL), 0);
	assert_int_equal(config_set(&fresh, "listen", "127.0.0.1:9999", NULL),
			 0); /* not reloadable */
	for (strdup_fail_at = 0; rc != 0; strdup_fail_at++) {
		assert_true(strdup_fail_at < 100);
		assert_int_equal(config_defaults(&live), 0);
		assert_int_equal(config_set(&live, "node_name", "Live node", NULL), 0);
		config_text(&live, before, sizeof(before));
		strdup_calls = 0;
		config_set_strdup(failing_strdup);
		rc = config_apply_reloadable(&live, &fresh);
		config_set_strdup(NULL);
		config_text(&live, now, sizeof(now));
		if (rc != 0) {
			failed++;
			assert_string_equal(now, before); /* untouched */
		} else {
			assert_true(strdup_calls <= strdup_fail_at); /* nothing failed */
			assert_int_equal(config_defaults(&expect), 0);
			assert_int_equal(config_apply_reloadable(&expect, &fresh), 0);
			config_text(&expect, want, sizeof(want));
			assert_string_equal(now, want);
			assert_string_equal(live.node_name, "Fresh node");
			assert_string_equal(live.log_level, "debug");
			assert_int_equal(live.per_page_max, 7);
			assert_string_equal(live.listen, "127.0.0.1:8080");
			config_free(&expect);
		}
		config_free(&live);
	}
	assert_true(failed >= 3); /* each reloadable string's copy was failed once */
	config_free(&fresh);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_file_and_override),
		cmocka_unit_test(test_bad_files),
		cmocka_unit_test(test_checks),
		cmocka_unit_test(test_reload_changes_only_reloadable),
		cmocka_unit_test(test_reload_fails_whole),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
