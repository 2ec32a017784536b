/*
 * fake_config.h — the instance configuration of the SDK, as the plugin test
 * doubles (tests/sinks/fake_report.c, tests/frameworks/fake_framework_sdk.c)
 * share it: an instance is a name, the plugin's key table and key/value
 * pairs. rpo_config_error and rpo_log stay with each double (they log
 * differently).
 */
#ifndef RPO_TEST_FAKE_CONFIG_H
#define RPO_TEST_FAKE_CONFIG_H

#include <rpo/rpo.h>

/* The instance a test hands to create(): KV is NULL-terminated pairs. */
struct rpo_instance {
    const char *name;
    const rpo_config_key *keys;
    const char *const *kv;
};

#endif
