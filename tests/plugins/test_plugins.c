/*
 * test_plugins.c — deliberately broken plugins for the loader's tests. One
 * source file builds several modules; TEST_PLUGIN selects which descriptor.
 */
#include <rpo/plugin.h>

static int test_read(void *ctx, rpo_emitter *em)
{
    (void)ctx;
    (void)em;
    return RPO_OK;
}

static const rpo_config_key no_keys[] __attribute__((unused)) = {{NULL, 0, 0, NULL, NULL}};

#if TEST_PLUGIN == 1
/* A plugin built for a future engine: ABI major 99. */
RPO_PLUGIN_EXPORT(source_badabi) = {.abi_major = 99, .abi_minor = 0,
                                    .struct_size = sizeof(rpo_plugin), .kind = RPO_PLUGIN_SOURCE,
                                    .name = "badabi", .version = "0", .description = "wrong major",
                                    .keys = no_keys, .read = test_read};
#elif TEST_PLUGIN == 2
/* A plugin needing a newer minor than the engine has. */
RPO_PLUGIN_EXPORT(source_newminor) = {.abi_major = RPO_ABI_MAJOR, .abi_minor = RPO_ABI_MINOR + 1,
                                      .struct_size = sizeof(rpo_plugin), .kind = RPO_PLUGIN_SOURCE,
                                      .name = "newminor", .version = "0", .description = "minor",
                                      .keys = no_keys, .read = test_read};
#elif TEST_PLUGIN == 3
/* A module whose descriptor names another plugin. */
RPO_PLUGIN_EXPORT(source_wrongname) = {RPO_PLUGIN_HEADER, .kind = RPO_PLUGIN_SOURCE,
                                       .name = "othername", .version = "0", .description = "name",
                                       .keys = no_keys, .read = test_read};
#elif TEST_PLUGIN == 4
/* A module that exports no descriptor at all. */
int source_nodesc_LTX_something_else(void);
int source_nodesc_LTX_something_else(void)
{
    return test_read(0, 0);
}
#elif TEST_PLUGIN == 5
/* A descriptor smaller than ABI 1's. */
RPO_PLUGIN_EXPORT(source_small) = {.abi_major = RPO_ABI_MAJOR, .abi_minor = 0, .struct_size = 8,
                                   .kind = RPO_PLUGIN_SOURCE, .name = "small", .version = "0",
                                   .description = "small", .keys = no_keys, .read = test_read};
#elif TEST_PLUGIN == 6
/* A sink module whose descriptor says it is a source. */
RPO_PLUGIN_EXPORT(sink_wrongkind) = {RPO_PLUGIN_HEADER, .kind = RPO_PLUGIN_SOURCE,
                                     .name = "wrongkind", .version = "0", .description = "kind",
                                     .keys = no_keys, .read = test_read};
#endif
