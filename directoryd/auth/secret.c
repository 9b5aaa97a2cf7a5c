/*
 * secret.c - making and hashing session tokens, API tokens and invitation
 * codes (secret.h).
 */
#include "secret.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#define AUTH_SECRET_BYTES 32

int auth_secret_make(const char *prefix, char out[AUTH_SECRET_MAX], char hash_hex[AUTH_HASH_HEX],
		     struct dir_error *err)
{
	unsigned char raw[AUTH_SECRET_BYTES];
	char b64[sodium_base64_ENCODED_LEN(AUTH_SECRET_BYTES,
					   sodium_base64_VARIANT_URLSAFE_NO_PADDING)];

	if (sodium_init() < 0) {
		dir_error_add(err, "internal_error", NULL, "libsodium failed to start");
		return -1;
	}
	randombytes_buf(raw, sizeof(raw));
	sodium_bin2base64(b64, sizeof(b64), raw, sizeof(raw),
			  sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	sodium_memzero(raw, sizeof(raw));
	snprintf(out, AUTH_SECRET_MAX, "%.8s%s", prefix, b64);
	sodium_memzero(b64, sizeof(b64));
	auth_secret_hash(out, hash_hex);
	return 0;
}

void auth_secret_hash(const char *text, char hash_hex[AUTH_HASH_HEX])
{
	unsigned char digest[32];

	crypto_generichash(digest, sizeof(digest), (const unsigned char *)text, strlen(text), NULL,
			   0);
	sodium_bin2hex(hash_hex, AUTH_HASH_HEX, digest, sizeof(digest));
}

const char *auth_secret_from_bearer(const char *header, const char *prefix)
{
	if (header == NULL || strncasecmp(header, "Bearer ", 7) != 0)
		return NULL;
	header += 7;
	while (*header == ' ')
		header++;
	if (strncmp(header, prefix, strlen(prefix)) != 0 || strlen(header) >= AUTH_SECRET_MAX)
		return NULL;
	return header;
}
