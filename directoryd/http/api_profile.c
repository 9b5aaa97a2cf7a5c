/*
 * api_profile.c - GET /profile and GET /profile/{name}.json: the node's
 * HSDS profile (docs/profile.md), a set of JSON Schemas (draft 2020-12) in
 * data/profile/ that extend HSDS 3.0 with directoryd's fields and the HSDS
 * 3.1 and Open Referral UK members the node stores, and allow nothing else,
 * so that validators can check this node's answers strictly.
 * The API root's "profile" links here.
 */
#include <stdio.h>
#include <string.h>

#include "api.h"
#include "app.h"

/* The schemas of the profile: data/profile/<name>.json. */
static const char *const profile_names[] = {
	"organization",
	"service",
	"location",
	"service_at_location",
	"address",
	"phone",
	"schedule",
	"language",
	"attribute",
	"taxonomy",
	"taxonomy_term",
	"funding",
	"cost_option",
	"program",
	"required_document",
	"contact",
	"service_area",
	"accessibility",
	"metadata",
	"organization_identifier",
	"contact_channel",
	"translations",
	"provenance",
	"public_point",
	"url",
	"service_capacity",
	"unit",
};
#define PROFILE_COUNT (sizeof(profile_names) / sizeof(profile_names[0]))

/* This node's public URL without a trailing slash, into out. */
static void profile_base(struct http_request *req, char *out, size_t cap)
{
	size_t n;

	pthread_rwlock_rdlock(&req->app->config_lock);
	snprintf(out, cap, "%s", req->app->cfg.public_url);
	pthread_rwlock_unlock(&req->app->config_lock);
	n = strlen(out);
	while (n > 0 && out[n - 1] == '/')
		out[--n] = '\0';
}

void api_profile_url(struct http_request *req, char *out, size_t cap)
{
	char base[1024];

	profile_base(req, base, sizeof(base));
	snprintf(out, cap, "%s/profile", base);
}

void api_profile(struct http_request *req, struct http_response *resp)
{
	char base[1024], url[1200];
	json_t *schemas = json_object();
	size_t i;

	profile_base(req, base, sizeof(base));
	for (i = 0; schemas != NULL && i < PROFILE_COUNT; i++) {
		snprintf(url, sizeof(url), "%s/profile/%s.json", base, profile_names[i]);
		json_object_set_new(schemas, profile_names[i], json_string(url));
	}
	resp->body = json_pack(
		"{s:s, s:s, s:s, s:s, s:o}", "name", "directoryd", "extends", "HSDS 3.0",
		"base_schemas",
		"https://raw.githubusercontent.com/openreferral/specification/3.0/schema/",
		"description",
		"HSDS 3.0 with directoryd's extensions (provenance, sex_worker_led, translations, "
		"confidential, timezone_name, public_point, contact_channels), the members the "
		"HSDS API nests (organization.services, service_at_location.service), the HSDS 3.1 "
		"members (organization.additional_websites, service.additional_urls, "
		"service.capacities, service_at_location.service_areas, attribute.label, "
		"service_area.service_at_location_id; the objects url, service_capacity, unit) and "
		"the Open Referral UK members (service_area.service_area, "
		"accessibility.accessibility, taxonomy_term.term); every schema allows nothing "
		"else "
		"(unevaluatedProperties: false)",
		"schemas", schemas);
	if (resp->body == NULL)
		http_fail(resp, "internal_error", NULL, "out of memory");
	resp->cache_control = "public, max-age=3600";
}

/* The index of name ("service.json") in profile_names, or -1. */
static int profile_find(const char *name)
{
	size_t i, n;

	for (i = 0; name != NULL && i < PROFILE_COUNT; i++) {
		n = strlen(profile_names[i]);
		if (strncmp(name, profile_names[i], n) == 0 && strcmp(name + n, ".json") == 0)
			return (int)i;
	}
	return -1;
}

void api_profile_schema(struct http_request *req, struct http_response *resp)
{
	int i = profile_find(req->nsegs == 2 ? req->segs[1] : NULL);
	char path[4200];
	json_error_t jerr;

	if (i < 0) {
		http_fail(resp, "not_found", NULL,
			  "the profile has no such schema; GET /profile lists them");
		return;
	}
	pthread_rwlock_rdlock(&req->app->config_lock);
	snprintf(path, sizeof(path), "%s/data/profile/%s.json", req->app->cfg.data_dir,
		 profile_names[i]);
	pthread_rwlock_unlock(&req->app->config_lock);
	resp->body = json_load_file(path, JSON_REJECT_DUPLICATES, &jerr);
	if (resp->body == NULL) {
		http_fail(resp, "internal_error", NULL,
			  "the profile's schema is missing from data/profile");
		return;
	}
	resp->cache_control = "public, max-age=3600";
}
