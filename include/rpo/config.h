/*
 * rpo/config.h — a plugin instance's configuration (its INI section).
 *
 * Before create() is called the engine has checked every key of the section
 * against the plugin's key table (rpo/plugin.h): unknown keys, missing
 * required keys and values of the wrong type are rejected with file:line and
 * the nearest valid key. Plugins therefore read values without re-checking
 * their syntax, and report only semantic problems with rpo_config_error().
 */
#ifndef RPO_CONFIG_H
#define RPO_CONFIG_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct rpo_instance rpo_instance;

/*
 * rpo_instance_name — the instance name (NAME in [source.NAME]). Static for
 * the instance's lifetime; owned by the engine.
 */
const char *rpo_instance_name(const rpo_instance *inst);

/*
 * rpo_config_get — the value of KEY in the instance's section, else the key's
 * default from the plugin's table, else NULL. The string is owned by the
 * engine and lives as long as the instance.
 */
const char *rpo_config_get(const rpo_instance *inst, const char *key);

/*
 * rpo_config_long — KEY as an integer (see rpo_config_get for defaults).
 * Returns DEFAULT_VALUE when the key is absent and has no default. The
 * engine has already verified that a present value is an integer.
 */
long rpo_config_long(const rpo_instance *inst, const char *key, long default_value);

/*
 * rpo_config_bool — KEY as a boolean (true/false, yes/no, on/off, 1/0),
 * DEFAULT_VALUE when absent without default.
 */
int rpo_config_bool(const rpo_instance *inst, const char *key, int default_value);

/*
 * rpo_config_path — KEY as a path, resolved against the directory of the
 * configuration file when relative. Returns a string owned by the engine
 * (valid while the instance lives), or NULL when absent without default.
 */
const char *rpo_config_path(const rpo_instance *inst, const char *key);

/*
 * rpo_config_secret (ABI 1.2) — read the secret that KEY (of type
 * RPO_KEY_SECRET) points to. The INI file holds only where the secret is,
 * so a config file may be world-readable while the token is not:
 *   file:PATH        a file (relative to the config file's folder) that group
 *                    and others cannot read;
 *   credential:NAME  a systemd credential, $CREDENTIALS_DIRECTORY/NAME
 *                    (LoadCredential= in the unit);
 *   env:NAME         the environment variable NAME.
 * One trailing newline (LF or CRLF) is dropped. On success stores a malloc'd,
 * NUL-terminated copy in *VALUE, which the caller wipes and frees with
 * rpo_secret_free(), and returns RPO_OK. When the key is absent and has no
 * default, stores NULL and returns RPO_ENOINPUT without logging. Otherwise
 * (missing file, credential or variable, a file others can read, an empty
 * secret, a NUL byte in it) logs one config error naming the section, the
 * key and the reference — never the secret — and returns RPO_ECONFIG.
 */
int rpo_config_secret(const rpo_instance *inst, const char *key, char **value);

/* rpo_secret_free (ABI 1.2) — overwrite SECRET with zeros and free it; NULL is fine. */
void rpo_secret_free(char *secret);

/*
 * rpo_config_count / rpo_config_entry — iterate the keys present in the
 * section (in file order), e.g. to read "map.<field>" keys. rpo_config_entry
 * stores the key, value and line of entry I (0 <= I < count) in the non-NULL
 * out-parameters and returns RPO_OK, or RPO_ERR if I is out of range. The
 * strings are owned by the engine. Keys the engine itself consumes
 * ("plugin", "record") are included.
 */
size_t rpo_config_count(const rpo_instance *inst);
int rpo_config_entry(const rpo_instance *inst, size_t i, const char **key, const char **value,
                     unsigned *line);

/*
 * rpo_config_error — log a configuration error about KEY of this instance as
 * one line "FILE:LINE: [SECTION] KEY: MESSAGE" (the line of KEY, or of the
 * section when KEY is absent or NULL), and return RPO_ECONFIG for the caller
 * to pass on.
 */
int rpo_config_error(const rpo_instance *inst, const char *key, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

#ifdef __cplusplus
}
#endif
#endif
