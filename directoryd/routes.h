/*
 * routes.h - the route table of the HTTP API: every endpoint the daemon
 * answers, in one place (routes.c).
 */
#ifndef DIRECTORYD_ROUTES_H
#define DIRECTORYD_ROUTES_H

#include <stddef.h>

#include "http.h"

/* The table (static storage) and its number of rows, for http_start. */
extern const struct http_route routes_table[];
extern const size_t routes_count;

#endif
