#ifndef CDOSSIER_SUPPORT_H
#define CDOSSIER_SUPPORT_H

/// Atomically exchanges two paths on the same file system (Linux renameat2 with
/// RENAME_EXCHANGE). Returns 0 on success, -1 with errno set otherwise
/// (ENOSYS or EINVAL where the kernel or file system cannot exchange).
int dossier_exchange_paths(const char *a, const char *b);

#endif
