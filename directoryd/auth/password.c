/*
 * password.c - argon2id password hashes with libsodium (password.h).
 */
#include "password.h"

#include <pthread.h>
#include <stdatomic.h>
#include <string.h>

static unsigned long long pw_opslimit = crypto_pwhash_OPSLIMIT_INTERACTIVE;
static size_t pw_memlimit = crypto_pwhash_MEMLIMIT_INTERACTIVE;
static atomic_ulong pw_verifications;
static pthread_once_t pw_dummy_once = PTHREAD_ONCE_INIT;
static char pw_dummy[AUTH_PWHASH_MAX];

void auth_password_set_limits(unsigned long long opslimit, size_t memlimit)
{
	pw_opslimit = opslimit > crypto_pwhash_OPSLIMIT_INTERACTIVE
			      ? opslimit
			      : crypto_pwhash_OPSLIMIT_INTERACTIVE;
	pw_memlimit = memlimit > crypto_pwhash_MEMLIMIT_INTERACTIVE
			      ? memlimit
			      : crypto_pwhash_MEMLIMIT_INTERACTIVE;
}

int auth_password_hash(const char *password, char out[AUTH_PWHASH_MAX], struct dir_error *err)
{
	size_t len = strlen(password);

	if (len < AUTH_PASSWORD_MIN || len > AUTH_PASSWORD_MAX) {
		dir_error_add(err, "weak_password", "/password",
			      "a password has %d to %d characters; a few unrelated words "
			      "make a good one",
			      AUTH_PASSWORD_MIN, AUTH_PASSWORD_MAX);
		return -1;
	}
	if (sodium_init() < 0 || crypto_pwhash_str_alg(out, password, len, pw_opslimit, pw_memlimit,
						       crypto_pwhash_ALG_ARGON2ID13) != 0) {
		dir_error_add(err, "internal_error", NULL,
			      "not enough memory to hash the password with argon2id");
		return -1;
	}
	return 0;
}

/* The dummy hash unknown users are checked against, made once. */
static void pw_make_dummy(void)
{
	unsigned char junk[32];

	if (sodium_init() < 0)
		return;
	randombytes_buf(junk, sizeof(junk));
	if (crypto_pwhash_str_alg(pw_dummy, (const char *)junk, sizeof(junk), pw_opslimit,
				  pw_memlimit, crypto_pwhash_ALG_ARGON2ID13) != 0)
		pw_dummy[0] = '\0';
	sodium_memzero(junk, sizeof(junk));
}

int auth_password_verify(const char *stored, const char *password)
{
	int ok;

	pthread_once(&pw_dummy_once, pw_make_dummy);
	atomic_fetch_add(&pw_verifications, 1);
	if (stored == NULL || stored[0] == '\0') {
		/* Only the cost matters: the dummy matches no password. */
		ok = crypto_pwhash_str_verify(pw_dummy, password, strlen(password)) == 0;
		(void)ok;
		return 0;
	}
	ok = crypto_pwhash_str_verify(stored, password, strlen(password)) == 0;
	return ok;
}

int auth_password_needs_rehash(const char *stored)
{
	return crypto_pwhash_str_needs_rehash(stored, pw_opslimit, pw_memlimit) != 0;
}

unsigned long auth_password_verifications(void)
{
	return atomic_load(&pw_verifications);
}
