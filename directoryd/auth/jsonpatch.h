/*
 * jsonpatch.h - applying RFC 6902 JSON Patch to jansson values.
 *
 * The audit trail stores each change of a record as the patch from its
 * body before to after, and the inverse patch that undoes it, each
 * replace and remove guarded by a "test" of the value it expects; both are
 * made in SQL when the change commits (dir_jp_diff and dir_jp_inverse,
 * migrations/0031_audit_functions.sql). A revert applies the inverse here.
 *
 * A record that does not exist is the JSON null, so a creation replaces
 * the root "" of null with the record and a deletion replaces it with
 * null. Paths are RFC 6901 JSON Pointers.
 */
#ifndef DIRECTORYD_JSONPATCH_H
#define DIRECTORYD_JSONPATCH_H

#include <jansson.h>
#include <stddef.h>

/*
 * Apply patch (an array of add, remove, replace and test operations; move
 * and copy are refused) to *doc, replacing *doc with the result (*doc may
 * be or become NULL for null). strict: an "add" onto an object member that
 * already exists fails too, so that a revert does not overwrite a member a
 * later change made. Values are copied, never shared with patch.
 * Returns 0, or -1 leaving *doc unchanged and writing the JSON Pointer of
 * the operation that failed (a failed test, a missing path, a malformed
 * operation) to failed_path (cap bytes).
 */
int jpatch_apply(json_t **doc, const json_t *patch, int strict, char *failed_path, size_t cap);

#endif
