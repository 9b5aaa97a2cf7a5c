/*
 * kind.h - the kinds of top-level record a registrar writes.
 */
#ifndef DIRECTORYD_KIND_H
#define DIRECTORYD_KIND_H

enum dir_kind {
	DIR_KIND_ORGANIZATION,
	DIR_KIND_SERVICE,
	DIR_KIND_LOCATION,
};

#endif
