/*
 * fedtest.c - helpers of the federation unit tests (fedtest.h).
 */
#include "fedtest.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "jcs.h"

int fedtest_keys_make(char *dir_template, struct fed_key *const *keys, unsigned int n)
{
	if (mkdtemp(dir_template) == NULL)
		return -1;
	for (unsigned int i = 0; i < n; i++)
		if (fed_key_create(dir_template, i + 1, keys[i], NULL) != 0)
			return -1;
	return 0;
}

void fedtest_keys_remove(const char *dir, struct fed_key *const *keys, unsigned int n)
{
	char path[4200];

	for (unsigned int i = 0; i < n; i++) {
		snprintf(path, sizeof(path), "%s/%u.key", dir, i + 1);
		unlink(path);
		fed_key_wipe(keys[i]);
	}
	rmdir(dir);
}

int fedtest_sign(struct signed_msg *m, const struct fed_key *k, const char *text)
{
	m->text = text;
	return fed_key_sign(k, text, strlen(text), m->sig);
}

int fedtest_check_sig(const unsigned char pk[FED_PK_BYTES], void *ctx)
{
	const struct signed_msg *m = ctx;

	return fed_ed25519_verify(pk, m->text, strlen(m->text), m->sig);
}

json_t *fedtest_key_entry(const struct fed_key *k, const char *node, unsigned int n)
{
	char b64[64], fp[FED_FINGERPRINT_MAX], keyid[FED_KEYID_MAX];

	fed_b64url_encode(k->pk, FED_PK_BYTES, b64, sizeof(b64));
	fed_fingerprint(k->pk, fp);
	fed_keyid(node, n, keyid);
	return json_pack("{s:s, s:s, s:s, s:s, s:s}", "keyid", keyid, "alg", "ed25519",
			 "public_key", b64, "fingerprint", fp, "valid_from",
			 "2026-11-29T10:00:00Z");
}

json_t *fedtest_revoked_entry(const struct fed_key *k, const char *node, unsigned int n,
			      const char *at, const struct fed_key *signer)
{
	json_t *e = fedtest_key_entry(k, node, n);
	json_t *statement = json_pack("{s:s, s:s, s:s, s:s}", "keyid",
				      json_string_value(json_object_get(e, "keyid")), "protocol",
				      "directoryd-fed/1", "revoked_at", at, "type", "revocation");
	size_t len;
	char *text = jcs_serialise(statement, &len, NULL);
	unsigned char sig[FED_SIG_BYTES];
	char b64[FED_SIG_B64_MAX];

	fed_key_sign(signer, text, len, sig);
	fed_b64url_encode(sig, sizeof(sig), b64, sizeof(b64));
	json_object_set_new(e, "revoked_at", json_string(at));
	json_object_set_new(e, "revocation", json_string(b64));
	free(text);
	json_decref(statement);
	return e;
}
