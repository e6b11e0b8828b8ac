#ifndef CDOSSIER_SUPPORT_H
#define CDOSSIER_SUPPORT_H

/// Atomically exchanges two paths on the same file system (Linux renameat2 with
/// RENAME_EXCHANGE). Returns 0 on success, -1 with errno set otherwise
/// (ENOSYS or EINVAL where the kernel or file system cannot exchange).
int dossier_exchange_paths(const char *a, const char *b);

#include <stddef.h>

/// memmem(3): whether `needle` occurs in `haystack`, byte-wise. Swift's Glibc
/// module does not export it (it is a GNU extension).
int dossier_contains_bytes(const void *haystack, size_t haystack_length, const void *needle, size_t needle_length);

/// memmem(3) again: the offset of the first `needle` in `haystack`, or -1.
long dossier_find_bytes(const void *haystack, size_t haystack_length, const void *needle, size_t needle_length);

/// Whether cmark-gfm's parsers leave the special characters of their inline
/// extensions switched on (cmark_special_characters.c), so that parsers on
/// several threads do not switch them off under each other: 1 once a parser
/// with extensions has finished through the override, 0 while none has (the
/// library's own switching may be in force).
int dossier_cmark_special_characters_stay_on(void);

/// The calling thread's allocator for cmark-gfm (a `cmark_mem *`, for
/// `cmark_parser_new_with_mem`): a bump allocator whose `free` does nothing.
/// Every block it gave out is released at once by the `dossier_arena_end`
/// matching the first `dossier_arena_begin` not yet ended on the thread, so a
/// parser, its document and its rendered HTML must be done with by then.
void *dossier_arena_begin(void);
void dossier_arena_end(void);

#endif
