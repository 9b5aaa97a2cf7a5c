/*
 * fedkey.c - Ed25519 node keys with libsodium: the key files of
 * docs/federation.md section 2, fingerprints, key ids and base64url.
 */
#include "fedkey.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define FED_SEED_BYTES 32u /* crypto_sign_SEEDBYTES */
/* Longest key file accepted: 44 base64 characters and a line end. */
#define FED_KEYFILE_MAX 64u
/* Largest key number n. */
#define FED_KEY_N_MAX 999999u

/* libsodium must be initialised once; sodium_init is idempotent. */
static int fed_sodium(struct dir_error *err)
{
	if (sodium_init() < 0) {
		dir_error_add(err, "internal_error", NULL, "libsodium could not be initialised");
		return -1;
	}
	return 0;
}

static int fed_key_path(const char *key_dir, unsigned int n, char *path, size_t cap,
			struct dir_error *err)
{
	int len = snprintf(path, cap, "%s/%u.key", key_dir, n);

	if (len < 0 || (size_t)len >= cap) {
		dir_error_add(err, "internal_error", NULL, "key folder path is too long");
		return -1;
	}
	return 0;
}

/* Write all of buf to fd. Returns 0 or -1 (errno set). */
static int fed_write_all(int fd, const char *buf, size_t len)
{
	while (len > 0) {
		ssize_t w = write(fd, buf, len);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		buf += w;
		len -= (size_t)w;
	}
	return 0;
}

int fed_key_create(const char *key_dir, unsigned int n, struct fed_key *out, struct dir_error *err)
{
	unsigned char seed[FED_SEED_BYTES];
	char path[4096], text[FED_KEYFILE_MAX];
	int fd = -1, rc = -1;

	memset(out, 0, sizeof(*out));
	if (fed_sodium(err) != 0 || fed_key_path(key_dir, n, path, sizeof(path), err) != 0)
		return -1;
	if (mkdir(key_dir, 0700) != 0 && errno != EEXIST) {
		dir_error_add(err, "internal_error", NULL, "cannot create key folder %s: %s",
			      key_dir, strerror(errno));
		return -1;
	}
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (fd < 0) {
		if (errno == EEXIST)
			dir_error_add(err, "conflict", NULL,
				      "a key exists (%s); use directoryd keys rotate", path);
		else
			dir_error_add(err, "internal_error", NULL, "cannot create %s: %s", path,
				      strerror(errno));
		return -1;
	}
	randombytes_buf(seed, sizeof(seed));
	/* The seed in base64 and a newline (one byte kept free for it). */
	sodium_bin2base64(text, sizeof(text) - 1, seed, sizeof(seed),
			  sodium_base64_VARIANT_ORIGINAL);
	memcpy(text + strlen(text), "\n", sizeof("\n"));
	if (fed_write_all(fd, text, strlen(text)) != 0 || fsync(fd) != 0) {
		dir_error_add(err, "internal_error", NULL, "cannot write %s: %s", path,
			      strerror(errno));
		unlink(path);
		goto done;
	}
	crypto_sign_seed_keypair(out->pk, out->sk, seed);
	out->n = n;
	rc = 0;
done:
	close(fd);
	sodium_memzero(seed, sizeof(seed));
	sodium_memzero(text, sizeof(text));
	return rc;
}

/* Read at most cap - 1 bytes of fd into text; NUL-terminated. -1 if more. */
static ssize_t fed_read_small(int fd, char *text, size_t cap)
{
	size_t len = 0;

	for (;;) {
		ssize_t r = read(fd, text + len, cap - len);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			return -1;
		if (r == 0)
			break;
		len += (size_t)r;
		if (len == cap)
			return -1;
	}
	text[len] = '\0';
	return (ssize_t)len;
}

/* Decode the key file text (base64 seed and an optional newline). */
static int fed_seed_decode(char *text, size_t len, unsigned char seed[FED_SEED_BYTES])
{
	size_t bin_len = 0;
	const char *end = NULL;

	if (len > 0 && text[len - 1] == '\n')
		text[--len] = '\0';
	if (sodium_base642bin(seed, FED_SEED_BYTES, text, len, NULL, &bin_len, &end,
			      sodium_base64_VARIANT_ORIGINAL) != 0)
		return -1;
	return bin_len == FED_SEED_BYTES && end == text + len ? 0 : -1;
}

/* Open path, check its owner-only mode and read it into text. */
static ssize_t fed_key_read(const char *path, char *text, size_t cap, struct dir_error *err)
{
	struct stat st;
	ssize_t len = -1;
	int fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);

	if (fd < 0) {
		dir_error_add(err, errno == ENOENT ? "not_found" : "internal_error", NULL,
			      "cannot open key file %s: %s", path, strerror(errno));
		return -1;
	}
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		dir_error_add(err, "internal_error", NULL, "key file %s is not a regular file",
			      path);
		goto done;
	}
	if ((st.st_mode & 077) != 0) {
		dir_error_add(err, "invalid_parameter", NULL,
			      "key file %s may be read or written by other users; chmod 600 it",
			      path);
		goto done;
	}
	if ((len = fed_read_small(fd, text, cap)) < 0)
		dir_error_add(err, "invalid_parameter", NULL, "key file %s is not a key", path);
done:
	close(fd);
	return len;
}

int fed_key_load(const char *key_dir, unsigned int n, struct fed_key *out, struct dir_error *err)
{
	unsigned char seed[FED_SEED_BYTES];
	char path[4096], text[FED_KEYFILE_MAX];
	ssize_t len;
	int rc = -1;

	memset(out, 0, sizeof(*out));
	if (fed_sodium(err) != 0 || fed_key_path(key_dir, n, path, sizeof(path), err) != 0)
		return -1;
	if ((len = fed_key_read(path, text, sizeof(text), err)) < 0)
		goto done;
	if (fed_seed_decode(text, (size_t)len, seed) != 0) {
		dir_error_add(err, "invalid_parameter", NULL,
			      "key file %s does not hold a base64 seed of 32 bytes", path);
		goto done;
	}
	crypto_sign_seed_keypair(out->pk, out->sk, seed);
	out->n = n;
	rc = 0;
done:
	sodium_memzero(seed, sizeof(seed));
	sodium_memzero(text, sizeof(text));
	return rc;
}

/* The n of a name "<n>.key" (1..FED_KEY_N_MAX, no leading zero), or 0. */
static unsigned int fed_key_name_n(const char *name)
{
	unsigned int n = 0;
	size_t i = 0;

	if (name[0] < '1' || name[0] > '9')
		return 0;
	for (; name[i] >= '0' && name[i] <= '9'; i++) {
		if (i >= 6)
			return 0;
		n = n * 10 + (unsigned int)(name[i] - '0');
	}
	return strcmp(name + i, ".key") == 0 ? n : 0;
}

static int fed_uint_cmp(const void *a, const void *b)
{
	unsigned int x = *(const unsigned int *)a, y = *(const unsigned int *)b;

	return x < y ? -1 : x > y;
}

int fed_key_list(const char *key_dir, unsigned int *ns, size_t cap, size_t *count,
		 struct dir_error *err)
{
	DIR *d = opendir(key_dir);
	struct dirent *e;
	size_t k = 0;
	int rc = -1;

	*count = 0;
	if (d == NULL) {
		if (errno == ENOENT)
			return 0;
		dir_error_add(err, "internal_error", NULL, "cannot read key folder %s: %s", key_dir,
			      strerror(errno));
		return -1;
	}
	while ((e = readdir(d)) != NULL) {
		unsigned int n = fed_key_name_n(e->d_name);
		if (n == 0)
			continue;
		if (k == cap) {
			dir_error_add(err, "internal_error", NULL, "more than %zu keys in %s", cap,
				      key_dir);
			goto done;
		}
		ns[k++] = n;
	}
	qsort(ns, k, sizeof(*ns), fed_uint_cmp);
	*count = k;
	rc = 0;
done:
	closedir(d);
	return rc;
}

void fed_key_wipe(struct fed_key *key)
{
	if (key != NULL)
		sodium_memzero(key, sizeof(*key));
}

int fed_key_sign(const struct fed_key *key, const void *msg, size_t len,
		 unsigned char sig[FED_SIG_BYTES])
{
	if (fed_sodium(NULL) != 0)
		return -1;
	return crypto_sign_detached(sig, NULL, msg, len, key->sk) == 0 ? 0 : -1;
}

int fed_ed25519_verify(const unsigned char pk[FED_PK_BYTES], const void *msg, size_t len,
		       const unsigned char sig[FED_SIG_BYTES])
{
	if (fed_sodium(NULL) != 0)
		return 0;
	return crypto_sign_verify_detached(sig, msg, len, pk) == 0;
}

int fed_b64url_encode(const unsigned char *bin, size_t len, char *out, size_t cap)
{
	const int v = sodium_base64_VARIANT_URLSAFE_NO_PADDING;

	if (len > (SIZE_MAX - 8) / 2 || sodium_base64_ENCODED_LEN(len, v) > cap) {
		if (cap > 0)
			out[0] = '\0';
		return -1;
	}
	sodium_bin2base64(out, cap, bin, len, v);
	return 0;
}

int fed_b64url_decode(const char *text, unsigned char *out, size_t want)
{
	size_t len = strlen(text), bin_len = 0;
	const char *end = NULL;

	if (sodium_base642bin(out, want, text, len, NULL, &bin_len, &end,
			      sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0)
		return -1;
	return bin_len == want && end == text + len ? 0 : -1;
}

void fed_fingerprint(const unsigned char pk[FED_PK_BYTES], char out[FED_FINGERPRINT_MAX])
{
	memcpy(out, "ed25519:", 8);
	fed_b64url_encode(pk, FED_PK_BYTES, out + 8, FED_FINGERPRINT_MAX - 8);
}

int fed_fingerprint_parse(const char *fingerprint, unsigned char pk[FED_PK_BYTES])
{
	if (strncmp(fingerprint, "ed25519:", 8) != 0)
		return -1;
	return fed_b64url_decode(fingerprint + 8, pk, FED_PK_BYTES);
}

int fed_keyid(const char *node_id, unsigned int n, char out[FED_KEYID_MAX])
{
	int len = snprintf(out, FED_KEYID_MAX, "%s#%u", node_id, n);

	return len < 0 || (size_t)len >= FED_KEYID_MAX ? -1 : 0;
}

/* A node id: host[:port] in lower case, of [a-z0-9.-_:[]] characters. */
static int fed_node_id_ok(const char *s, size_t len)
{
	if (len == 0)
		return 0;
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == 0 ||
		    !((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || strchr(".-_:[]", c)))
			return 0;
	}
	return 1;
}

int fed_keyid_split(const char *keyid, char *node, size_t cap, unsigned int *n)
{
	const char *hash = strrchr(keyid, '#');
	unsigned int v = 0;
	size_t len, i;

	if (hash == NULL)
		return -1;
	len = (size_t)(hash - keyid);
	if (!fed_node_id_ok(keyid, len) || len >= cap)
		return -1;
	if (hash[1] < '1' || hash[1] > '9')
		return -1;
	for (i = 1; hash[i] >= '0' && hash[i] <= '9'; i++) {
		if (i > 6)
			return -1;
		v = v * 10 + (unsigned int)(hash[i] - '0');
	}
	if (hash[i] != '\0')
		return -1;
	memcpy(node, keyid, len);
	node[len] = '\0';
	*n = v;
	return 0;
}
