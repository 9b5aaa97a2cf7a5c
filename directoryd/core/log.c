/*
 * log.c - log lines with levels (log.h). Never given anything about a
 * request or a searcher.
 */
#include "log.h"

#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#define LOG_LINE_MAX 1024

static atomic_int log_threshold = LOG_LEVEL_INFO;

static const char *const log_names[] = {
	[LOG_LEVEL_ERROR] = "error",
	[LOG_LEVEL_WARNING] = "warning",
	[LOG_LEVEL_INFO] = "info",
	[LOG_LEVEL_DEBUG] = "debug",
};

void log_set_level(enum log_level level)
{
	atomic_store(&log_threshold, (int)level);
}

int log_level_parse(const char *name, enum log_level *out)
{
	for (size_t i = 0; name != NULL && i < sizeof(log_names) / sizeof(log_names[0]); i++)
		if (strcmp(name, log_names[i]) == 0) {
			*out = (enum log_level)i;
			return 0;
		}
	return -1;
}

void log_msg(enum log_level level, const char *fmt, ...)
{
	char line[LOG_LINE_MAX];
	size_t len;
	int n;
	va_list ap;

	if ((int)level > atomic_load(&log_threshold))
		return;
	n = level <= LOG_LEVEL_WARNING
		    ? snprintf(line, sizeof(line), "directoryd: %s: ", log_names[level])
		    : snprintf(line, sizeof(line), "directoryd: ");
	len = n > 0 ? (size_t)n : 0;
	va_start(ap, fmt);
	n = vsnprintf(line + len, sizeof(line) - len, fmt, ap);
	va_end(ap);
	if (n > 0)
		len += (size_t)n;
	if (len > sizeof(line) - 2)
		len = sizeof(line) - 2;
	line[len++] = '\n';
	/* one write(2): whole lines even when threads log at once */
	(void)!write(STDERR_FILENO, line, len);
}
