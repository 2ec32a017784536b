/*
 * pseudonym.h — keyed pseudonyms for candidate and respondent ids.
 *
 * A pseudonym is HMAC-SHA256(key, raw id) from OpenSSL's libcrypto, shown as
 * the first 16 bytes in hex. Without the key nobody can map a pseudonym back
 * or test a guessed id; with the same key the same id always gives the same
 * pseudonym, so pseudonyms can be joined across runs and sources.
 */
#ifndef RPO_CORE_PSEUDONYM_H
#define RPO_CORE_PSEUDONYM_H

#include <stddef.h>
#include "log.h"

#define RPO_PSEUDONYM_HEX 32 /* characters, without the NUL */

typedef struct rpo_pseudonymizer {
    unsigned char key[256];
    size_t key_len; /* 0: no key, ids cannot be kept */
} rpo_pseudonymizer;

/*
 * rpo_pseudonym_load — read the key from FILE (trailing newline stripped;
 * 16 to 256 bytes). FILE NULL: use the file named by RPO_PSEUDONYM_KEY_FILE,
 * else leave P without key. Returns RPO_OK, RPO_ENOINPUT (file missing) or
 * RPO_ECONFIG (too short, too long, unreadable); logged. The key is never
 * logged. Warns when the file is readable by group or others.
 */
int rpo_pseudonym_load(rpo_pseudonymizer *p, const char *file, const rpo_logger *lg);

/*
 * rpo_pseudonymize — write the pseudonym of ID[0..LEN) as NUL-terminated hex
 * into OUT. Returns RPO_OK, or RPO_ECONFIG when P has no key (nothing
 * written but an empty string).
 */
int rpo_pseudonymize(const rpo_pseudonymizer *p, const char *id, size_t len,
                     char out[RPO_PSEUDONYM_HEX + 1]);

/* rpo_pseudonym_wipe — forget the key. */
void rpo_pseudonym_wipe(rpo_pseudonymizer *p);

#endif
