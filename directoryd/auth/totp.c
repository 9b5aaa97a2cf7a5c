/*
 * totp.c - TOTP codes with liboath, the sealed secrets and their key file,
 * and enrolment (totp.h).
 */
#include "totp.h"

#include <curl/curl.h>
#include <errno.h>
#include <fcntl.h>
#include <liboath/oath.h>
#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "account.h"
#include "db.h"

/* base64 of nonce + MAC + secret, with its NUL. */
#define TOTP_SEALED_MAX 128
/* The key file: 44 base64 characters and a line end. */
#define TOTP_KEYFILE_MAX 64

static pthread_once_t totp_once = PTHREAD_ONCE_INIT;
static int totp_ready;

static void totp_init(void)
{
	totp_ready = oath_init() == OATH_OK && sodium_init() >= 0;
}

static int totp_start(void)
{
	pthread_once(&totp_once, totp_init);
	return totp_ready ? 0 : -1;
}

int totp_code(const unsigned char *secret, size_t len, time_t t, unsigned int digits, char *out)
{
	if (totp_start() != 0)
		return -1;
	return oath_totp_generate((const char *)secret, len, t, TOTP_STEP,
				  OATH_TOTP_DEFAULT_START_TIME, digits, out) == OATH_OK
		       ? 0
		       : -1;
}

long long totp_match(const unsigned char *secret, size_t len, time_t now, const char *code)
{
	uint64_t counter = 0;
	int pos = 0;

	if (totp_start() != 0 || strlen(code) != TOTP_DIGITS ||
	    strspn(code, "0123456789") != TOTP_DIGITS)
		return -1;
	if (oath_totp_validate3((const char *)secret, len, now, TOTP_STEP,
				OATH_TOTP_DEFAULT_START_TIME, TOTP_WINDOW, &pos, &counter,
				code) < 0)
		return -1;
	return (long long)counter;
}

/* Write a new random key to path (O_EXCL, 0600). 0, or -1 with errno. */
static int totp_key_make(const char *path)
{
	unsigned char key[TOTP_KEY_BYTES];
	char text[TOTP_KEYFILE_MAX];
	int fd, rc = -1;

	randombytes_buf(key, sizeof(key));
	sodium_bin2base64(text, sizeof(text) - 1, key, sizeof(key), sodium_base64_VARIANT_ORIGINAL);
	sodium_memzero(key, sizeof(key));
	text[strlen(text) + 1] = '\0';
	text[strlen(text)] = '\n';
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (fd >= 0) {
		size_t len = strlen(text);
		rc = write(fd, text, len) == (ssize_t)len && fsync(fd) == 0 ? 0 : -1;
		if (close(fd) != 0)
			rc = -1;
		if (rc != 0)
			unlink(path);
	}
	sodium_memzero(text, sizeof(text));
	return rc;
}

/* Read and decode an open key file. 0, or -1 with err naming path. */
static int totp_key_read(int fd, const char *path, unsigned char key[TOTP_KEY_BYTES],
			 struct dir_error *err)
{
	char text[TOTP_KEYFILE_MAX];
	struct stat st;
	size_t bin_len = 0;
	ssize_t n;
	int rc = -1;

	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || (st.st_mode & 077) != 0) {
		dir_error_add(err, "internal_error", NULL,
			      "the TOTP key file %s must be a file only its owner may read "
			      "(chmod 600)",
			      path);
		return -1;
	}
	n = read(fd, text, sizeof(text) - 1);
	if (n > 0) {
		text[n] = '\0';
		rc = sodium_base642bin(key, TOTP_KEY_BYTES, text, strcspn(text, "\r\n"), NULL,
				       &bin_len, NULL, sodium_base64_VARIANT_ORIGINAL) == 0 &&
				     bin_len == TOTP_KEY_BYTES
			     ? 0
			     : -1;
	}
	sodium_memzero(text, sizeof(text));
	if (rc != 0)
		dir_error_add(err, "internal_error", NULL,
			      "the TOTP key file %s does not hold a base64 key of 32 bytes", path);
	return rc;
}

int totp_key_load(const char *key_dir, int create, unsigned char key[TOTP_KEY_BYTES],
		  struct dir_error *err)
{
	char path[4200];
	int fd, rc;

	if (sodium_init() < 0) {
		dir_error_add(err, "internal_error", NULL, "libsodium failed to start");
		return -1;
	}
	snprintf(path, sizeof(path), "%s/totp.key", key_dir);
	fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0 && errno == ENOENT && create) {
		if (mkdir(key_dir, 0700) != 0 && errno != EEXIST) {
			dir_error_add(err, "internal_error", NULL,
				      "cannot make the key folder %s: %s", key_dir,
				      strerror(errno));
			return -1;
		}
		/* Two first enrolments at once: the loser reads the winner's key. */
		if (totp_key_make(path) != 0 && errno != EEXIST) {
			dir_error_add(err, "internal_error", NULL,
				      "cannot write the TOTP key file %s: %s", path,
				      strerror(errno));
			return -1;
		}
		fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	}
	if (fd < 0) {
		dir_error_add(err, "internal_error", NULL, "cannot read the TOTP key file %s: %s",
			      path, strerror(errno));
		return -1;
	}
	rc = totp_key_read(fd, path, key, err);
	close(fd);
	return rc;
}

int totp_seal(const unsigned char key[TOTP_KEY_BYTES], const unsigned char *secret, char *out,
	      size_t cap)
{
	unsigned char
		box[crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES + TOTP_SECRET_BYTES];

	if (cap < sodium_base64_ENCODED_LEN(sizeof(box), sodium_base64_VARIANT_ORIGINAL))
		return -1;
	randombytes_buf(box, crypto_secretbox_NONCEBYTES);
	crypto_secretbox_easy(box + crypto_secretbox_NONCEBYTES, secret, TOTP_SECRET_BYTES, box,
			      key);
	sodium_bin2base64(out, cap, box, sizeof(box), sodium_base64_VARIANT_ORIGINAL);
	return 0;
}

int totp_open(const unsigned char key[TOTP_KEY_BYTES], const char *sealed,
	      unsigned char secret[TOTP_SECRET_BYTES])
{
	unsigned char
		box[crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES + TOTP_SECRET_BYTES];
	size_t len = 0;

	if (sodium_base642bin(box, sizeof(box), sealed, strlen(sealed), NULL, &len, NULL,
			      sodium_base64_VARIANT_ORIGINAL) != 0 ||
	    len != sizeof(box))
		return -1;
	return crypto_secretbox_open_easy(secret, box + crypto_secretbox_NONCEBYTES,
					  len - crypto_secretbox_NONCEBYTES, box, key);
}

/* The otpauth:// URI of Google Authenticator's key URI format. NULL: no memory. */
static char *totp_uri(const char *issuer, const char *username, const char *b32)
{
	char *is = curl_easy_escape(NULL, issuer, 0), *us = curl_easy_escape(NULL, username, 0);
	char *uri = NULL;
	size_t len;

	if (is != NULL && us != NULL) {
		len = strlen(is) * 2 + strlen(us) + strlen(b32) + 128;
		if ((uri = malloc(len)) != NULL)
			snprintf(uri, len,
				 "otpauth://totp/%s:%s?secret=%s&issuer=%s&algorithm=SHA1&digits=%d"
				 "&period=%d",
				 is, us, b32, is, TOTP_DIGITS, TOTP_STEP);
	}
	curl_free(is);
	curl_free(us);
	return uri;
}

/* A new secret, sealed into sealed and in base32 into b32. 0, or -1 with err. */
static int totp_new_secret(const unsigned char key[TOTP_KEY_BYTES], char sealed[TOTP_SEALED_MAX],
			   char b32[TOTP_B32_MAX], struct dir_error *err)
{
	unsigned char secret[TOTP_SECRET_BYTES];
	char *text = NULL;
	size_t len = 0;
	int rc = -1;

	randombytes_buf(secret, sizeof(secret));
	if (totp_start() == 0 && totp_seal(key, secret, sealed, TOTP_SEALED_MAX) == 0 &&
	    oath_base32_encode((const char *)secret, sizeof(secret), &text, &len) == OATH_OK &&
	    len < TOTP_B32_MAX) {
		/* 20 bytes are 32 base32 characters: no padding to drop. */
		memcpy(b32, text, len);
		b32[len] = '\0';
		rc = 0;
	}
	if (text != NULL) {
		sodium_memzero(text, len);
		free(text);
	}
	sodium_memzero(secret, sizeof(secret));
	if (rc != 0)
		dir_error_add(err, "internal_error", NULL, "cannot make a TOTP secret");
	return rc;
}

int totp_begin(PGconn *conn, const char *key_dir, const char *account_id, const char *issuer,
	       const char *username, struct totp_enrolment *out, struct dir_error *err)
{
	unsigned char key[TOTP_KEY_BYTES];
	char sealed[TOTP_SEALED_MAX];
	const char *params[2] = { account_id, sealed };
	PGresult *res = NULL;
	int rc = -1;

	memset(out, 0, sizeof(*out));
	if (totp_key_load(key_dir, 1, key, err) != 0)
		return -1;
	if (totp_new_secret(key, sealed, out->secret, err) != 0)
		goto done;
	res = db_exec(conn,
		      "INSERT INTO account_totp (account_id, secret_box) VALUES ($1::uuid, $2)"
		      " ON CONFLICT (account_id) DO UPDATE SET secret_box = EXCLUDED.secret_box,"
		      "  created_at = now(), last_step = NULL"
		      "  WHERE account_totp.confirmed_at IS NULL RETURNING 1",
		      2, params, err);
	if (res == NULL)
		goto done;
	if (PQntuples(res) != 1)
		dir_error_add(err, "conflict", NULL,
			      "TOTP is already on for this account; turn it off first "
			      "(POST /auth/totp/disable with a code)");
	else if ((out->uri = totp_uri(issuer, username, out->secret)) == NULL)
		dir_error_add(err, "internal_error", NULL, "out of memory");
	else
		rc = 0;
done:
	PQclear(res);
	sodium_memzero(key, sizeof(key));
	if (rc != 0)
		sodium_memzero(out->secret, sizeof(out->secret));
	return rc;
}

/*
 * The step code matches for account_id's secret (confirmed or not, as
 * confirmed says), or -1 with err invalid_totp / not_found / others.
 */
static long long totp_step_of(PGconn *conn, const char *key_dir, const char *account_id,
			      const char *code, int confirmed, struct dir_error *err)
{
	unsigned char key[TOTP_KEY_BYTES], secret[TOTP_SECRET_BYTES];
	const char *params[2] = { account_id, confirmed ? "true" : "false" };
	long long step = -1;
	PGresult *res = db_exec(conn,
				"SELECT secret_box FROM account_totp WHERE account_id = $1::uuid"
				" AND (confirmed_at IS NOT NULL) = $2::boolean",
				2, params, err);

	if (res == NULL)
		return -1;
	if (PQntuples(res) != 1) {
		dir_error_add(err, confirmed ? "invalid_totp" : "not_found", "/totp",
			      confirmed ? "this account has no TOTP"
					: "no TOTP enrolment was started; POST /auth/totp first");
	} else if (totp_key_load(key_dir, 0, key, err) == 0) {
		if (totp_open(key, PQgetvalue(res, 0, 0), secret) != 0)
			dir_error_add(err, "internal_error", NULL,
				      "the TOTP secret does not open with the key file totp.key: "
				      "was the key folder replaced?");
		else if ((step = totp_match(secret, sizeof(secret), time(NULL), code)) < 0)
			dir_error_add(err, "invalid_totp", "/totp",
				      "the one-time code is wrong or was already used; send the "
				      "code your app shows now");
		sodium_memzero(secret, sizeof(secret));
		sodium_memzero(key, sizeof(key));
	}
	PQclear(res);
	return step;
}

/* Mark step used unless it or a later one was; the update's SQL picks the row. */
static int totp_use_step(PGconn *conn, const char *sql, const char *account_id, long long step,
			 struct dir_error *err)
{
	char text[32];
	const char *params[2] = { account_id, text };
	PGresult *res;
	int n;

	snprintf(text, sizeof(text), "%lld", step);
	if ((res = db_exec(conn, sql, 2, params, err)) == NULL)
		return -1;
	n = PQntuples(res);
	PQclear(res);
	if (n == 1)
		return 0;
	dir_error_add(err, "invalid_totp", "/totp",
		      "the one-time code is wrong or was already used; send the code your app "
		      "shows now");
	return -1;
}

int totp_confirm(PGconn *conn, const char *key_dir, const char *account_id, const char *code,
		 struct dir_error *err)
{
	long long step = totp_step_of(conn, key_dir, account_id, code, 0, err);
	struct dir_error ignored;

	if (step < 0) {
		dir_error_init(&ignored);
		if (strcmp(err->code, "not_found") == 0 &&
		    totp_enabled(conn, account_id, &ignored) == 1) {
			dir_error_clear(err);
			dir_error_add(err, "conflict", NULL, "TOTP is already on for this account");
		}
		dir_error_clear(&ignored);
		return -1;
	}
	return totp_use_step(conn,
			     "UPDATE account_totp SET confirmed_at = now(), last_step = $2::bigint"
			     " WHERE account_id = $1::uuid AND confirmed_at IS NULL RETURNING 1",
			     account_id, step, err);
}

int totp_verify(PGconn *conn, const char *key_dir, const char *account_id, const char *code,
		struct dir_error *err)
{
	long long step = totp_step_of(conn, key_dir, account_id, code, 1, err);

	if (step < 0)
		return -1;
	return totp_use_step(conn,
			     "UPDATE account_totp SET last_step = $2::bigint"
			     " WHERE account_id = $1::uuid AND confirmed_at IS NOT NULL"
			     "  AND (last_step IS NULL OR last_step < $2::bigint) RETURNING 1",
			     account_id, step, err);
}

int totp_enabled(PGconn *conn, const char *account_id, struct dir_error *err)
{
	const char *params[1] = { account_id };
	PGresult *res = db_exec(conn,
				"SELECT 1 FROM account_totp WHERE account_id = $1::uuid"
				" AND confirmed_at IS NOT NULL",
				1, params, err);
	int on;

	if (res == NULL)
		return -1;
	on = PQntuples(res) == 1;
	PQclear(res);
	return on;
}

int totp_remove(PGconn *conn, const char *account_id, const char *scope_org, struct dir_error *err)
{
	const char *params[2] = { account_id, scope_org };
	PGresult *res = db_exec(conn,
				"SELECT coalesce(organization_id = $2::uuid, $2::uuid IS NULL),"
				" EXISTS (SELECT 1 FROM account_totp t WHERE t.account_id = a.id)"
				" FROM account a WHERE a.id = $1::uuid",
				2, params, err);
	int rc = -1;

	if (res == NULL)
		return -1;
	if (PQntuples(res) != 1)
		dir_error_add(err, "not_found", NULL, "no account with id %s", account_id);
	else if (PQgetvalue(res, 0, 0)[0] != 't')
		dir_error_add(err, "forbidden", NULL,
			      "the account belongs to another organization");
	else if (PQgetvalue(res, 0, 1)[0] != 't')
		dir_error_add(err, "not_found", NULL, "the account has no TOTP");
	else if (db_command(conn, "DELETE FROM account_totp WHERE account_id = $1::uuid", 1, params,
			    err) == 0)
		rc = account_end_sessions(conn, account_id, err);
	PQclear(res);
	return rc;
}
