/*
 * sink_metrics.c — a sink that adds metrics to the registry through the SDK
 * (ABI 1.1): one by formula, one by compute(). It writes nothing; the test
 * reads the metrics' values from the json sink's report.
 */
#include <rpo/plugin.h>

#include <stdlib.h>

typedef struct demo {
    int bonus; /* the context compute() gets: proves it is the instance's */
} demo;

static int demo_create(rpo_instance *inst, void **ctx)
{
    (void)inst;
    demo *d = malloc(sizeof *d);
    if (!d)
        return RPO_ENOMEM;
    d->bonus = 1;
    *ctx = d;
    return RPO_OK;
}

static void demo_destroy(void *ctx)
{
    free(ctx);
}

static int demo_write(void *ctx, const rpo_report *r)
{
    (void)ctx;
    (void)r;
    return RPO_OK;
}

/* Offers made per hire, plus the instance's bonus (1): a test of the plumbing. */
static int offers_per_hire(void *ctx, const rpo_metric_inputs *in, rpo_metric_value *out)
{
    const demo *d = ctx;
    const rpo_metric_value *offers = rpo_metric_input(in, "reached_offer");
    const rpo_metric_value *hires = rpo_metric_input(in, "hires");
    if (!offers || !hires)
        return RPO_ERR;
    out->n = hires->n;
    if (hires->value == 0) {
        out->state = RPO_VALUE_EMPTY;
        return RPO_OK;
    }
    out->state = out->n < rpo_metric_min_n(in) ? RPO_VALUE_INSUFFICIENT : RPO_VALUE_OK;
    out->value = (double)(long)((offers->value / hires->value + d->bonus) * 100 + 0.5) / 100;
    return RPO_OK;
}

static const char *const offer_inputs[] = {"reached_offer", "hires", NULL};
static const char *const no_dims[] = {NULL};

static const rpo_metric_spec demo_metrics[] = {
    {.info = {.id = "demo_hires_per_application", .name = "Hires per application (demo)",
              .unit = RPO_UNIT_RATIO, .direction = RPO_HIGHER_IS_BETTER,
              .period_event = "as its inputs", .process_area = "selection",
              .definition = "Hires ÷ applications, from a plugin formula."},
     .formula = "hires / applications"},
    {.info = {.id = "demo_offers_per_hire", .name = "Offers per hire plus one (demo)",
              .unit = RPO_UNIT_RATIO, .direction = RPO_LOWER_IS_BETTER,
              .period_event = "as its inputs", .process_area = "selection",
              .definition = "Offers ÷ hires + 1, from a plugin's compute().",
              .dimensions = no_dims},
     .inputs = offer_inputs, .compute = offers_per_hire},
    {.info = {.id = NULL}}};

static const rpo_config_key no_keys[] = {{NULL, 0, 0, NULL, NULL}};

RPO_PLUGIN_EXPORT(sink_metrics) = {RPO_PLUGIN_HEADER,
                                   .kind = RPO_PLUGIN_SINK,
                                   .name = "metrics",
                                   .version = "0",
                                   .description = "adds two demo metrics",
                                   .keys = no_keys,
                                   .create = demo_create,
                                   .destroy = demo_destroy,
                                   .write = demo_write,
                                   .metrics = demo_metrics};
