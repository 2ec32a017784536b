/*
 * pseudonym.c — HMAC-SHA256 pseudonyms with OpenSSL (see pseudonym.h).
 */
#include "pseudonym.h"

#include <errno.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int rpo_pseudonym_load(rpo_pseudonymizer *p, const char *file, const rpo_logger *lg)
{
    memset(p, 0, sizeof *p);
    if (!file || !*file)
        file = getenv("RPO_PSEUDONYM_KEY_FILE");
    if (!file || !*file)
        return RPO_OK;
    FILE *f = fopen(file, "rb");
    if (!f) {
        int err = errno;
        rpo_logf(lg, NULL, RPO_LOG_ERROR, "cannot open pseudonym key file %s: %s", file,
                 strerror(err));
        return err == ENOENT ? RPO_ENOINPUT : RPO_ECONFIG;
    }
    struct stat st;
    if (fstat(fileno(f), &st) == 0 && (st.st_mode & 077))
        rpo_logf(lg, NULL, RPO_LOG_WARN,
                 "pseudonym key file %s is readable by others; chmod 600 it", file);
    unsigned char buf[sizeof p->key + 2]; /* room for a CRLF after a full-size key */
    size_t n = fread(buf, 1, sizeof buf, f);
    int more = fgetc(f) != EOF;
    fclose(f);
    while (n && (buf[n - 1] == '\n' || buf[n - 1] == '\r'))
        n--;
    if (n <= sizeof p->key)
        memcpy(p->key, buf, n);
    OPENSSL_cleanse(buf, sizeof buf);
    if (more || n < 16 || n > sizeof p->key) {
        rpo_logf(lg, NULL, RPO_LOG_ERROR,
                 "pseudonym key file %s must hold 16 to 256 bytes (e.g. `head -c 32 /dev/urandom "
                 "| base64 > FILE`)",
                 file);
        rpo_pseudonym_wipe(p);
        return RPO_ECONFIG;
    }
    p->key_len = n;
    return RPO_OK;
}

int rpo_pseudonymize(const rpo_pseudonymizer *p, const char *id, size_t len,
                     char out[RPO_PSEUDONYM_HEX + 1])
{
    out[0] = '\0';
    if (!p->key_len)
        return RPO_ECONFIG;
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int md_len = 0;
    if (!HMAC(EVP_sha256(), p->key, (int)p->key_len, (const unsigned char *)id, len, md, &md_len))
        return RPO_ERR;
    static const char hex[] = "0123456789abcdef";
    for (int i = 0; i < RPO_PSEUDONYM_HEX / 2; i++) {
        out[2 * i] = hex[md[i] >> 4];
        out[2 * i + 1] = hex[md[i] & 15];
    }
    out[RPO_PSEUDONYM_HEX] = '\0';
    return RPO_OK;
}

void rpo_pseudonym_wipe(rpo_pseudonymizer *p)
{
    OPENSSL_cleanse(p->key, sizeof p->key);
    p->key_len = 0;
}
