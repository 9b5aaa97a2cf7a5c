/*
 * dirctl_config.c - dirctl's configuration file, $XDG_CONFIG_HOME/dirctl/
 * config (or ~/.config/dirctl/config): "key = value" lines read with inih,
 * keys url, token and token_kind. It holds a secret, so it is written at
 * mode 0600 and refused when anyone but its owner may read or change it.
 */
#include "dirctl.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <ini.h>

char *dirctl_config_path(void)
{
	const char *xdg = getenv("XDG_CONFIG_HOME"), *home = getenv("HOME");
	char *path = NULL;

	/* XDG Base Directory: a relative value is invalid and ignored */
	if (xdg != NULL && xdg[0] == '/') {
		if (asprintf(&path, "%s/dirctl/config", xdg) < 0)
			path = NULL;
	} else if (home != NULL && home[0] != '\0') {
		if (asprintf(&path, "%s/.config/dirctl/config", home) < 0)
			path = NULL;
	} else {
		dirctl_warn("neither XDG_CONFIG_HOME nor HOME is set: no configuration file");
		return NULL;
	}
	if (path == NULL)
		dirctl_warn("out of memory");
	return path;
}

struct load_state {
	struct dirctl *ctx;
	const char *path;
	int failed;
};

static int on_entry(void *user, const char *section, const char *name, const char *value)
{
	struct load_state *st = user;
	char **slot = NULL;

	if (section[0] == '\0') {
		if (strcmp(name, "url") == 0)
			slot = &st->ctx->file_url;
		else if (strcmp(name, "token") == 0)
			slot = &st->ctx->file_token;
		else if (strcmp(name, "token_kind") == 0)
			slot = &st->ctx->file_kind;
	}
	if (slot == NULL) {
		dirctl_warn("%s: unknown key \"%s%s%s\" (url, token, token_kind)", st->path,
			    section, section[0] ? "." : "", name);
		st->failed = 1;
		return 0;
	}
	free(*slot);
	if ((*slot = strdup(value)) == NULL) {
		st->failed = 1;
		return 0;
	}
	return 1;
}

/* Refuses a file that is not the user's own private regular file. */
static int check_private(const char *path, const struct stat *st)
{
	if (!S_ISREG(st->st_mode)) {
		dirctl_warn("%s is not a regular file", path);
		return -1;
	}
	if (st->st_uid != geteuid()) {
		dirctl_warn("%s belongs to another user; refused, since it holds a token", path);
		return -1;
	}
	if ((st->st_mode & (S_IRWXG | S_IRWXO)) != 0) {
		dirctl_warn("%s may be read or changed by others (mode %04o); refused, since it "
			    "holds a token: chmod 600 %s",
			    path, (unsigned)(st->st_mode & 07777), path);
		return -1;
	}
	return 0;
}

int dirctl_config_load(struct dirctl *ctx)
{
	struct load_state st = { ctx, ctx->config_path, 0 };
	struct stat sb;
	FILE *f;
	int fd, line;

	fd = open(ctx->config_path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0) {
		if (errno == ENOENT)
			return DIRCTL_OK;
		dirctl_warn("cannot open %s: %s", ctx->config_path, strerror(errno));
		return DIRCTL_USAGE;
	}
	if (fstat(fd, &sb) != 0 || check_private(ctx->config_path, &sb) != 0 ||
	    (f = fdopen(fd, "r")) == NULL) {
		close(fd);
		return DIRCTL_USAGE;
	}
	line = ini_parse_file(f, on_entry, &st);
	fclose(f);
	if (line != 0 && !st.failed)
		dirctl_warn("%s, line %d: not a \"key = value\" line", ctx->config_path, line);
	return line != 0 || st.failed ? DIRCTL_USAGE : DIRCTL_OK;
}

/* Makes the folder of path (one level) at mode 0700 if it is missing. */
static int make_parent(const char *path)
{
	char *dir = strdup(path), *slash;
	int rc = 0;

	if (dir == NULL)
		return -1;
	if ((slash = strrchr(dir, '/')) != NULL && slash != dir) {
		*slash = '\0';
		/* its own parent (~/.config) first, as XDG asks: 0700 */
		char *up = strrchr(dir, '/');
		if (up != NULL && up != dir) {
			*up = '\0';
			if (mkdir(dir, 0700) != 0 && errno != EEXIST)
				rc = -1;
			*up = '/';
		}
		if (rc == 0 && mkdir(dir, 0700) != 0 && errno != EEXIST)
			rc = -1;
	}
	if (rc != 0)
		dirctl_warn("cannot make the folder %s: %s", dir, strerror(errno));
	free(dir);
	return rc;
}

/* The file's text; NULL when out of memory. The caller wipes and frees. */
static char *config_text(const char *url, const char *token, const char *kind)
{
	char *text = NULL;
	int n;

	n = asprintf(&text,
		     "# dirctl(1) configuration, written by dirctl login; keep it private\n"
		     "url = %s\n%s%s%s%s%s%s",
		     url, token ? "token = " : "", token ? token : "", token ? "\n" : "",
		     kind ? "token_kind = " : "", kind ? kind : "", kind ? "\n" : "");
	return n < 0 ? NULL : text;
}

int dirctl_config_save(const struct dirctl *ctx, const char *url, const char *token,
		       const char *token_kind)
{
	char *tmp = NULL, *text = NULL;
	int fd, rc = DIRCTL_USAGE;
	size_t len;

	if (strchr(url, '\n') != NULL || (token != NULL && strpbrk(token, "\r\n") != NULL)) {
		dirctl_warn("a URL or token with a line break cannot be stored");
		return DIRCTL_USAGE;
	}
	if (make_parent(ctx->config_path) != 0)
		return DIRCTL_USAGE;
	if (asprintf(&tmp, "%s.XXXXXX", ctx->config_path) < 0)
		tmp = NULL;
	if (tmp == NULL ||
	    (text = config_text(url, token, token != NULL ? token_kind : NULL)) == NULL) {
		dirctl_warn("out of memory");
		goto done;
	}
	/* mkstemp creates the file at mode 0600 */
	if ((fd = mkstemp(tmp)) < 0) {
		dirctl_warn("cannot write %s: %s", tmp, strerror(errno));
		goto done;
	}
	len = strlen(text);
	if (fchmod(fd, 0600) != 0 || write(fd, text, len) != (ssize_t)len || fsync(fd) != 0) {
		dirctl_warn("cannot write %s: %s", tmp, strerror(errno));
		close(fd);
		unlink(tmp);
		goto done;
	}
	if (close(fd) != 0 || rename(tmp, ctx->config_path) != 0) {
		dirctl_warn("cannot write %s: %s", ctx->config_path, strerror(errno));
		unlink(tmp);
		goto done;
	}
	rc = DIRCTL_OK;
done:
	if (text != NULL)
		explicit_bzero(text, strlen(text));
	free(text);
	free(tmp);
	return rc;
}
