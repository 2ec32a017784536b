/*
 * test_registry.c — reading the registry's configuration: targets,
 * tolerances, segments, custom metrics, the incentive, achievements and
 * goals. Every problem is one line naming file:line, section and key.
 */
#include "testutil.h"
#include "registry.h"


/* Loads "[engagement]\nname = t\n" + TEXT into REG; returns the status, the log in LOG. */
static int load(const char *text, rpo_registry *reg, capture *log)
{
    char path[128], buf[4096];
    snprintf(path, sizeof path, "%s/e.ini", TEST_DIR);
    snprintf(buf, sizeof buf, "[engagement]\nname = t\n%s", text);
    write_file(path, buf);
    rpo_cfg *cfg = NULL;
    capture_begin(log);
    int rc = rpo_cfg_load(path, NULL, &cfg);
    if (rc == RPO_OK)
        rc = rpo_registry_load(reg, cfg, NULL, NULL, 0);
    else
        memset(reg, 0, sizeof *reg);
    capture_end(log);
    rpo_cfg_free(cfg);
    return rc;
}

static const rpo_reg_metric *metric(const rpo_registry *reg, const char *id)
{
    long i = rpo_registry_find(reg, id);
    assert_true(i >= 0);
    return &reg->m[i];
}

static void test_targets_and_key_order(void **state)
{
    (void)state;
    rpo_registry reg;
    capture log;
    assert_int_equal(load("[metric.cost_per_hire]\ntarget = 4500\ntolerance = 10%\nkey = true\n"
                          "[metric.time_to_fill]\ntarget = 40\ntolerance = 2\n"
                          "target.department.Sales = 35\nbaseline = 52\nkey = yes\n",
                          &reg, &log),
                     RPO_OK);
    assert_string_equal(log.text, "");
    /* Key metrics first, in catalogue order; the rest after. */
    assert_string_equal(reg.m[0].info.id, "time_to_fill");
    assert_string_equal(reg.m[1].info.id, "cost_per_hire");
    const rpo_reg_metric *m = metric(&reg, "cost_per_hire");
    assert_true(m->has_target && m->target == 4500 && m->tolerance_pct && m->tolerance == 10);
    m = metric(&reg, "time_to_fill");
    assert_true(m->tolerance == 2 && !m->tolerance_pct && m->baseline_kind == 1 && m->baseline == 52);
    assert_int_equal(m->n_seg_targets, 1);
    assert_string_equal(m->seg_targets[0].value, "Sales");
    assert_true(m->seg_targets[0].target == 35);
    rpo_registry_free(&reg);
}

static void test_target_errors(void **state)
{
    (void)state;
    rpo_registry reg;
    capture log;
    assert_int_equal(load("[metric.time_to_fill]\ntarget = soon\ntolerance = -3\n"
                          "baseline = 50\nbaseline_period = 2024Q1\ntarget.team.A = 3\n"
                          "[metric.applications]\ntarget = 100\n",
                          &reg, &log),
                     RPO_ECONFIG);
    assert_contains(log.text, "e.ini:4: [metric.time_to_fill] target: 'soon' is not a number");
    assert_contains(log.text, "e.ini:5: [metric.time_to_fill] tolerance: '-3' is not a tolerance");
    assert_contains(log.text, "[metric.time_to_fill] baseline_period: set baseline or baseline_period, not both");
    assert_contains(log.text, "e.ini:8: [metric.time_to_fill] target.team.A: write target.DIMENSION.VALUE");
    assert_contains(log.text, "[metric.applications] target: this metric has no better direction");
    rpo_registry_free(&reg);
}

static void test_more_than_three_keys_warns(void **state)
{
    (void)state;
    rpo_registry reg;
    capture log;
    assert_int_equal(load("[metric.hires]\nkey = true\n[metric.time_to_fill]\nkey = true\n"
                          "[metric.cost_per_hire]\nkey = true\n[metric.candidate_nps]\nkey = true\n",
                          &reg, &log),
                     RPO_OK);
    assert_contains(log.text, "4 key metrics; more than three dilute the scorecard's focus");
    rpo_registry_free(&reg);
}

static void test_segments_key(void **state)
{
    (void)state;
    rpo_registry reg;
    capture log;
    assert_int_equal(load("segments = department, source\n", &reg, &log), RPO_OK);
    const rpo_reg_metric *m = metric(&reg, "time_to_fill");
    assert_string_equal(m->info.dimensions[0], "department");
    assert_string_equal(m->info.dimensions[1], "source");
    assert_null(m->info.dimensions[2]);
    m = metric(&reg, "requisitions_opened"); /* no source for requisition metrics */
    assert_string_equal(m->info.dimensions[0], "department");
    assert_null(m->info.dimensions[1]);
    assert_null(metric(&reg, "risks_open")->info.dimensions[0]);
    rpo_registry_free(&reg);
    assert_int_equal(load("segments = department, team\n", &reg, &log), RPO_ECONFIG);
    assert_contains(log.text, "[engagement] segments: 'team' is not a dimension");
    rpo_registry_free(&reg);
}

static void test_custom_metrics(void **state)
{
    (void)state;
    rpo_registry reg;
    capture log;
    assert_int_equal(load("[metric.fill_speed]\nformula = requisitions_filled / max(time_to_fill.p90, 1)\n"
                          "direction = higher_is_better\nunit = ratio\ntarget = 2\n"
                          "[metric.twice]\nformula = fill_speed * 2\n",
                          &reg, &log),
                     RPO_OK);
    const rpo_reg_metric *m = metric(&reg, "fill_speed");
    assert_string_equal(m->info.origin, "config");
    assert_int_equal(m->n_refs, 2);
    assert_int_equal(m->ref_part[1], REF_P90);
    /* The segments of both inputs: the requisition's. */
    assert_int_equal(m->dims, DIMS_REQUISITION);
    /* A formula over a formula: evaluated after it, with its segments. */
    const rpo_reg_metric *t = metric(&reg, "twice");
    assert_int_equal(t->dims, DIMS_REQUISITION);
    size_t pf = 0, pt = 0;
    for (size_t k = 0; k < reg.n; k++) {
        if (reg.order[k] == (size_t)rpo_registry_find(&reg, "fill_speed"))
            pf = k;
        if (reg.order[k] == (size_t)rpo_registry_find(&reg, "twice"))
            pt = k;
    }
    assert_true(pf < pt);
    rpo_registry_free(&reg);

    assert_int_equal(load("[metric.bad]\nformula = (hires\nunit = furlongs\ndirection = up\n"
                          "[metric.orphan]\ntarget = 3\n",
                          &reg, &log),
                     RPO_ECONFIG);
    assert_contains(log.text, "[metric.bad] formula: column 7: ");
    assert_contains(log.text, "[metric.bad] unit: unknown unit 'furlongs'");
    assert_contains(log.text, "[metric.bad] direction: unknown direction 'up'");
    assert_contains(log.text, "unknown metric 'orphan'");
    rpo_registry_free(&reg);
}

static void test_incentive(void **state)
{
    (void)state;
    rpo_registry reg;
    capture log;
    assert_int_equal(load("[metric.time_to_fill]\ntarget = 40\n[incentive]\npool = 1000\n"
                          "metric.time_to_fill = 2\ntiers = 90:50, 100:100\n",
                          &reg, &log),
                     RPO_OK);
    assert_true(reg.inc.on && reg.inc.n == 1 && reg.inc.weight[0] == 2 && reg.inc.cap == 120);
    assert_int_equal(reg.inc.n_tiers, 2);
    assert_true(reg.inc.tier_at[0] == 90 && reg.inc.tier_pay[1] == 100);
    assert_string_equal(reg.m[reg.inc.metric[0]].info.id, "time_to_fill");
    rpo_registry_free(&reg);

    assert_int_equal(load("[incentive]\npool = 1000\nmetric.hires = 1\nmetric.nope = 1\n"
                          "cap = 90\ntiers = 100:100, 90:50\n",
                          &reg, &log),
                     RPO_ECONFIG);
    assert_contains(log.text, "[incentive] metric.hires: metric hires has no target");
    assert_contains(log.text, "[incentive] metric.nope: 'nope' is not a metric");
    assert_contains(log.text, "[incentive] cap: the cap is a % of attainment of at least 100");
    assert_contains(log.text, "[incentive] tiers: '90:50' is not an ATTAINMENT:PAYOUT pair (in %, not "
                              "below 0) above the one before");
    rpo_registry_free(&reg);

    assert_int_equal(load("[metric.time_to_fill]\ntarget = 40\n[incentive]\npool = -5\n"
                          "metric.time_to_fill = 1\ntiers = 80:-50\n",
                          &reg, &log),
                     RPO_ECONFIG);
    assert_contains(log.text, "[incentive] pool: the pool is an amount of money, not below 0");
    assert_contains(log.text, "[incentive] tiers: '80:-50' is not an ATTAINMENT:PAYOUT pair");
    assert_contains(log.text, "[incentive] tiers: no tier");
    rpo_registry_free(&reg);
}

static void test_more_refusals(void **state)
{
    (void)state;
    rpo_registry reg;
    capture log;
    assert_int_equal(load("[metric.applications]\ntarget.department.Sales = 40\n"
                          "[metric.odd]\nformula = time_to_fill.mean / applications.p90\n"
                          "[metric.candidate_nps]\nbaseline_period = 2025-Q1\n"
                          "[metric.hiring_manager_satisfaction]\ninstrument = candidate_nps\n",
                          &reg, &log),
                     RPO_ECONFIG);
    /* Only segment targets on a metric without direction: named, no crash. */
    assert_contains(log.text, "[metric.applications] target.department.Sales: this metric has no "
                              "better direction");
    assert_contains(log.text, "[metric.odd] formula: 'applications.p90' is no distribution");
    assert_lacks(log.text, "'time_to_fill.mean' is no distribution");
    assert_contains(log.text, "[metric.candidate_nps] baseline_period: '2025-Q1' is not a period "
                              "label");
    assert_contains(log.text, "[metric.hiring_manager_satisfaction] instrument: candidate NPS and "
                              "hiring-manager satisfaction cannot read the same instrument");
    rpo_registry_free(&reg);
    /* Labels follow the calendar: fiscal quarters and months. */
    assert_int_equal(load("fiscal_year_start = 4\n[metric.candidate_nps]\nbaseline_period = FY2026Q1\n",
                          &reg, &log),
                     RPO_OK);
    rpo_registry_free(&reg);
    assert_int_equal(load("fiscal_year_start = 4\n[metric.candidate_nps]\nbaseline_period = 2025Q1\n",
                          &reg, &log),
                     RPO_ECONFIG);
    rpo_registry_free(&reg);
    assert_int_equal(load("period = month\n[metric.candidate_nps]\nbaseline_period = 2025-13\n",
                          &reg, &log),
                     RPO_ECONFIG);
    rpo_registry_free(&reg);
    assert_int_equal(load("period = month\n[metric.candidate_nps]\nbaseline_period = 2025-03\n",
                          &reg, &log),
                     RPO_OK);
    rpo_registry_free(&reg);
}

static void test_achievements_and_goals(void **state)
{
    (void)state;
    rpo_registry reg;
    capture log;
    assert_int_equal(load("[achievements]\nstreak = 4\nhire_milestones = 5, 50\n"
                          "[goal.speed]\nlevers = recruiters\nmetrics = time_to_fill\n"
                          "outcomes = ratings\nmin_periods = 5\n",
                          &reg, &log),
                     RPO_OK);
    assert_int_equal(reg.streak, 4);
    assert_int_equal(reg.n_milestones, 2);
    assert_int_equal(reg.milestones[1], 50);
    assert_int_equal(reg.n_goals, 1);
    assert_int_equal(reg.goals[0].min_periods, 5);
    assert_string_equal(reg.m[reg.goals[0].metric_ix[0]].info.id, "time_to_fill");
    rpo_registry_free(&reg);

    assert_int_equal(load("[achievements]\nhire_milestones = 50, 5\n[goal.x]\nmetrics = ttf\n",
                          &reg, &log),
                     RPO_ECONFIG);
    assert_contains(log.text, "[achievements] hire_milestones: '5' is not a hire count above the one before");
    assert_contains(log.text, "[goal.x] metrics: 'ttf' is not a metric");
    assert_contains(log.text, "[goal.x] a goal needs levers or outcomes");
    rpo_registry_free(&reg);
}

static void test_model_options(void **state)
{
    (void)state;
    rpo_registry reg;
    capture log;
    assert_int_equal(load("period = month\nfiscal_year_start = 4\nsla_days = 30\n"
                          "[metric.quality_of_hire]\nweight.ramp = 0\nperformance_max = 10\n"
                          "[metric.diverse_slate_rate]\nmin_diverse = 3\n"
                          "[metric.candidate_nps]\ninstrument = cnps\n",
                          &reg, &log),
                     RPO_OK);
    assert_int_equal(reg.opt.cal.months_per_period, 1);
    assert_int_equal(reg.opt.cal.fy_start_month, 4);
    assert_int_equal(reg.opt.sla_days, 30);
    assert_int_equal(reg.opt.qoh_weight[QOH_RAMP], 0);
    assert_int_equal(reg.opt.qoh_weight[QOH_PERFORMANCE], 40);
    assert_int_equal(reg.opt.performance_max, 10);
    assert_int_equal(reg.opt.min_diverse, 3);
    assert_string_equal(reg.opt.nps_instrument, "cnps");
    rpo_registry_free(&reg);

    assert_int_equal(load("period = week\n[metric.quality_of_hire]\nweight.performance = 0\n"
                          "weight.hm_rating = 0\nweight.ramp = 0\nweight.retention = 0\n"
                          "weight.charm = 5\n",
                          &reg, &log),
                     RPO_ECONFIG);
    assert_contains(log.text, "[engagement] period: 'week' is not a period; use quarter or month");
    assert_contains(log.text, "[metric.quality_of_hire] weight.charm: components are performance");
    assert_contains(log.text, "every quality-of-hire weight is 0");
    rpo_registry_free(&reg);
}

static const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_targets_and_key_order), cmocka_unit_test(test_target_errors),
    cmocka_unit_test(test_more_than_three_keys_warns), cmocka_unit_test(test_segments_key),
    cmocka_unit_test(test_custom_metrics), cmocka_unit_test(test_incentive),
    cmocka_unit_test(test_achievements_and_goals), cmocka_unit_test(test_model_options),
    cmocka_unit_test(test_more_refusals),
};

int main(void)
{
    cmocka_set_message_output(CM_OUTPUT_TAP);
    return cmocka_run_group_tests(tests, test_dir_setup, test_dir_teardown);
}
