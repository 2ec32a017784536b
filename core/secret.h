/*
 * secret.h — secrets (API tokens, webhook URLs) from files, systemd
 * credentials or the environment; never from the INI file itself.
 */
#ifndef RPO_CORE_SECRET_H
#define RPO_CORE_SECRET_H

#include <stddef.h>

/*
 * rpo_secret_check_ref — whether REF has the form of a secret reference
 * ("file:PATH", "credential:NAME", "env:NAME"). Returns NULL when it does,
 * else a static reason for a config error.
 */
const char *rpo_secret_check_ref(const char *ref);

/*
 * rpo_secret_read — read the secret REF points to (relative file paths
 * against DIR). On success stores a malloc'd NUL-terminated copy without its
 * trailing newline in *OUT (free with rpo_secret_free) and returns 0. On
 * failure writes a reason that names REF but never the secret into
 * WHY[0..WHY_SIZE) and returns -1.
 */
int rpo_secret_read(const char *ref, const char *dir, char **out, char *why, size_t why_size);

#endif
