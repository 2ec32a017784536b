/*
 * test_sink_console — unit tests of the console sink, calling its callbacks
 * directly on the fixture of fake_report.c (no librpo involved).
 *
 * Colour is tested on a real pseudo-terminal, since the sink decides by
 * isatty(); everything else writes to a memory stream or a file.
 */
#define _XOPEN_SOURCE 700 /* posix_openpt, grantpt, unlockpt, ptsname */

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "fake_report.h"
/*
 * Allocation failures: the plugin source is compiled into this file with
 * malloc, calloc and realloc routed through a budget, so a test can make
 * the Nth allocation fail (and jansson's, through json_set_alloc_funcs).
 * <stdlib.h> is included above, so the macros only rename the plugin's
 * calls, not the library's declarations.
 */
#include "budget_alloc.h"

#define malloc budget_malloc
#define calloc budget_calloc
#define realloc budget_realloc
#include "../../plugins/sink_common/text.c"
#include "../../plugins/sink_console/console.c"
#undef malloc
#undef calloc
#undef realloc

#define SINK sink_console_LTX_rpo_plugin

/* The fixture with the default key values: all 3 periods fit in 4. */
static const char golden_all[] =
    "Engagement: Acme hiring 2024\n"
    "Parties:    Acme Corp <-> TalentCo\n"
    "Phase:      run\n"
    "As of:      2024-09-30\n"
    "Last run:   2024-09-15\n"
    "Generator:  rpo 0.1.0\n"
    "\n"
    "Metric                                       2024Q1            2024Q2        2024Q3        overall\n"
    "------------------------------------------  ----------------  -------------  ------------  ----------------\n"
    "Requisitions opened                              14                 9            11             34\n"
    "Time to fill, median days (target \xE2\x89\xA4 30.00)    34.50 \xE2\x9C\x98 missed      n<5 ? n<5   28.33 \xE2\x9C\x94 met    33.00 \xE2\x89\x88 near\n"
    "  mean                                        36.20                           30.12          34.04\n"
    "  p90                                         51.30                           45.07          50.60\n"
    "Offer acceptance (target \xE2\x89\xA5 85.00%)           81.25% \xE2\x9C\x98 missed   90.00% \xE2\x9C\x94 met       - ? n=0   84.62% \xE2\x9C\x98 missed\n"
    "Cost per hire, EUR                          4250.50           3980.00           n<5        4105.77\n"
    "\n"
    "Observations (n)                             2024Q1            2024Q2        2024Q3        overall\n"
    "------------------------------------------  ----------------  -------------  ------------  ----------------\n"
    "Requisitions opened                              14                 9            11             34\n"
    "Time to fill                                     12                 3             8             23\n"
    "Offer acceptance                                 16                10             0             26\n"
    "Cost per hire                                     6                 5             2             13\n"
    "\n"
    "n<5: fewer than 5 observations, value withheld; -: no observations.\n"
    "Target: \xE2\x9C\x94 met; \xE2\x89\x88 near (missed within the tolerance); \xE2\x9C\x98 missed; ? no value to judge.\n"
    "\n"
    "Incentive                        2024Q1       2024Q2       2024Q3\n"
    "----------------------------  ---------  -----------  -----------\n"
    "Time to fill (weight 60)         86.96%          n<5      105.89%\n"
    "Offer acceptance (weight 40)     95.59%      105.88%            -\n"
    "Weighted attainment              90.41%      105.88%      105.89%\n"
    "Tier (attainment \xE2\x86\x92 payout)    80% \xE2\x86\x92 50%  100% \xE2\x86\x92 100%  100% \xE2\x86\x92 100%\n"
    "Payout, EUR                     5000.00     10000.00     10000.00\n"
    "\n"
    "Pool 10000.00 EUR per period; attainment capped at 120%.\n"
    "Metrics without a value are left out of the weighted attainment.\n"
    "\n"
    "Achievements\n"
    "  - Hire number 25 accepted on 2024-08-14\n"
    "  - Best period for Requisitions opened: 2024Q1 at 14.00 (of 3 periods)\n"
    "  - Time to fill improved 29.18 % on its baseline (40.00 \xE2\x86\x92 28.33) in 2024Q3\n"
    "\n"
    "Since the last run\n"
    "The run as of 2024-09-15 reported these values differently:\n"
    "Metric        Period  Before    Now  Change\n"
    "------------  ------  ------  -----  ------\n"
    "Time to fill  2024Q3   31.50  28.33   -3.17\n"
    "\n"
    "Risk log\n"
    "Risk                                                  Severity     Category     Owner      Raised      Status\n"
    "----------------------------------------------------  --------  -----------  --------  ----------  ----------  ---\n"
    "R-7 Hiring-manager interview capacity in Engineering         5  operational    client  2024-09-02        open  new\n"
    "R-3 Sourcing channel for night-shift roles                   4          gap  provider  2024-04-15  mitigating\n"
    "1 closed (listed in the JSON report).\n"
    "\n"
    "Goal alignment: speed\n"
    "Faster fills should keep new hires longer.\n"
    "Link                                     Lag  n  Pearson  Spearman\n"
    "---------------------------------------  ---  -  -------  --------\n"
    "lever:sourcers \xE2\x86\x92 metric:time_to_fill       0  3  -0.9449   -1.0000\n"
    "lever:sourcers \xE2\x86\x92 metric:time_to_fill       1  2  too few periods (n=2)\n"
    "metric:time_to_fill \xE2\x86\x92 outcome:retention    0  3  no variation\n"
    "\n"
    "Data quality\n"
    "Sources:\n"
    "  apps (csv, application): read 120, accepted 117, rejected 3\n"
    "  reqs (csv, requisition): read 30, accepted 30, rejected 0\n"
    "Flags:\n"
    "  2 x Offer dated before the application (first: apps.csv:17)\n";

/* periods = 1: the latest period and overall (and the incentive of the
 * latest period). */
static const char golden_last1[] =
    "Engagement: Acme hiring 2024\n"
    "Parties:    Acme Corp <-> TalentCo\n"
    "Phase:      run\n"
    "As of:      2024-09-30\n"
    "Last run:   2024-09-15\n"
    "Generator:  rpo 0.1.0\n"
    "Periods:    last 1 of 3\n"
    "\n"
    "Metric                                      2024Q3        overall\n"
    "------------------------------------------  ------------  ----------------\n"
    "Requisitions opened                             11             34\n"
    "Time to fill, median days (target \xE2\x89\xA4 30.00)   28.33 \xE2\x9C\x94 met    33.00 \xE2\x89\x88 near\n"
    "  mean                                       30.12          34.04\n"
    "  p90                                        45.07          50.60\n"
    "Offer acceptance (target \xE2\x89\xA5 85.00%)               - ? n=0   84.62% \xE2\x9C\x98 missed\n"
    "Cost per hire, EUR                             n<5        4105.77\n"
    "\n"
    "Observations (n)                            2024Q3        overall\n"
    "------------------------------------------  ------------  ----------------\n"
    "Requisitions opened                             11             34\n"
    "Time to fill                                     8             23\n"
    "Offer acceptance                                 0             26\n"
    "Cost per hire                                    2             13\n"
    "\n"
    "n<5: fewer than 5 observations, value withheld; -: no observations.\n"
    "Target: \xE2\x9C\x94 met; \xE2\x89\x88 near (missed within the tolerance); \xE2\x9C\x98 missed; ? no value to judge.\n"
    "\n"
    "Incentive                          2024Q3\n"
    "----------------------------  -----------\n"
    "Time to fill (weight 60)          105.89%\n"
    "Offer acceptance (weight 40)            -\n"
    "Weighted attainment               105.89%\n"
    "Tier (attainment \xE2\x86\x92 payout)    100% \xE2\x86\x92 100%\n"
    "Payout, EUR                      10000.00\n"
    "\n"
    "Pool 10000.00 EUR per period; attainment capped at 120%.\n"
    "Metrics without a value are left out of the weighted attainment.\n"
    "\n"
    "Achievements\n"
    "  - Hire number 25 accepted on 2024-08-14\n"
    "  - Best period for Requisitions opened: 2024Q1 at 14.00 (of 3 periods)\n"
    "  - Time to fill improved 29.18 % on its baseline (40.00 \xE2\x86\x92 28.33) in 2024Q3\n"
    "\n"
    "Since the last run\n"
    "The run as of 2024-09-15 reported these values differently:\n"
    "Metric        Period  Before    Now  Change\n"
    "------------  ------  ------  -----  ------\n"
    "Time to fill  2024Q3   31.50  28.33   -3.17\n"
    "\n"
    "Risk log\n"
    "Risk                                                  Severity     Category     Owner      Raised      Status\n"
    "----------------------------------------------------  --------  -----------  --------  ----------  ----------  ---\n"
    "R-7 Hiring-manager interview capacity in Engineering         5  operational    client  2024-09-02        open  new\n"
    "R-3 Sourcing channel for night-shift roles                   4          gap  provider  2024-04-15  mitigating\n"
    "1 closed (listed in the JSON report).\n"
    "\n"
    "Goal alignment: speed\n"
    "Faster fills should keep new hires longer.\n"
    "Link                                     Lag  n  Pearson  Spearman\n"
    "---------------------------------------  ---  -  -------  --------\n"
    "lever:sourcers \xE2\x86\x92 metric:time_to_fill       0  3  -0.9449   -1.0000\n"
    "lever:sourcers \xE2\x86\x92 metric:time_to_fill       1  2  too few periods (n=2)\n"
    "metric:time_to_fill \xE2\x86\x92 outcome:retention    0  3  no variation\n"
    "\n"
    "Data quality\n"
    "Sources:\n"
    "  apps (csv, application): read 120, accepted 117, rejected 3\n"
    "  reqs (csv, requisition): read 30, accepted 30, rejected 0\n"
    "Flags:\n"
    "  2 x Offer dated before the application (first: apps.csv:17)\n";

/* The fixture without its ABI 1.1 data (v1_report()): exactly the tables of
 * the sink before targets existed. */
static const char golden_v1_all[] =
    "Engagement: Acme hiring 2024\n"
    "Parties:    Acme Corp <-> TalentCo\n"
    "As of:      2024-09-30\n"
    "Generator:  rpo 0.1.0\n"
    "\n"
    "Metric                      2024Q1   2024Q2  2024Q3  overall\n"
    "-------------------------  -------  -------  ------  -------\n"
    "Requisitions opened             14        9      11       34\n"
    "Time to fill, median days    34.50      n<5   28.33    33.00\n"
    "  mean                       36.20            30.12    34.04\n"
    "  p90                        51.30            45.07    50.60\n"
    "Offer acceptance            81.25%   90.00%       -   84.62%\n"
    "Cost per hire, EUR         4250.50  3980.00     n<5  4105.77\n"
    "\n"
    "Observations (n)            2024Q1   2024Q2  2024Q3  overall\n"
    "-------------------------  -------  -------  ------  -------\n"
    "Requisitions opened             14        9      11       34\n"
    "Time to fill                    12        3       8       23\n"
    "Offer acceptance                16       10       0       26\n"
    "Cost per hire                    6        5       2       13\n"
    "\n"
    "n<5: fewer than 5 observations, value withheld; -: no observations.\n"
    "\n"
    "Data quality\n"
    "Sources:\n"
    "  apps (csv, application): read 120, accepted 117, rejected 3\n"
    "  reqs (csv, requisition): read 30, accepted 30, rejected 0\n"
    "Flags:\n"
    "  2 x Offer dated before the application (first: apps.csv:17)\n";

/* periods = 1: the latest period and overall. */
static const char golden_v1_last1[] =
    "Engagement: Acme hiring 2024\n"
    "Parties:    Acme Corp <-> TalentCo\n"
    "As of:      2024-09-30\n"
    "Generator:  rpo 0.1.0\n"
    "Periods:    last 1 of 3\n"
    "\n"
    "Metric                     2024Q3  overall\n"
    "-------------------------  ------  -------\n"
    "Requisitions opened            11       34\n"
    "Time to fill, median days   28.33    33.00\n"
    "  mean                      30.12    34.04\n"
    "  p90                       45.07    50.60\n"
    "Offer acceptance                -   84.62%\n"
    "Cost per hire, EUR            n<5  4105.77\n"
    "\n"
    "Observations (n)           2024Q3  overall\n"
    "-------------------------  ------  -------\n"
    "Requisitions opened            11       34\n"
    "Time to fill                    8       23\n"
    "Offer acceptance                0       26\n"
    "Cost per hire                   2       13\n"
    "\n"
    "n<5: fewer than 5 observations, value withheld; -: no observations.\n"
    "\n"
    "Data quality\n"
    "Sources:\n"
    "  apps (csv, application): read 120, accepted 117, rejected 3\n"
    "  reqs (csv, requisition): read 30, accepted 30, rejected 0\n"
    "Flags:\n"
    "  2 x Offer dated before the application (first: apps.csv:17)\n";

/* edge_report(): no overall column, only a provider, no currency, a UTF-8
 * name, control characters, no sources, a flag without example. */
static const char golden_edge[] =
    "Engagement: Nordic ?[31mtest\n"
    "Provider:   Beta RPO\n"
    "As of:      2024-02-29\n"
    "Generator:  rpo 0.1.0\n"
    "\n"
    "Metric               Jan     Feb\n"
    "-----------------  -----  ------\n"
    "D\xC3\xA9lai moyen, days  12.50     n<3\n"
    "Cost, median           -  100.00\n"
    "  mean                    110.50\n"
    "  p90                     130.25\n"
    "\n"
    "Observations (n)     Jan     Feb\n"
    "-----------------  -----  ------\n"
    "D\xC3\xA9lai moyen            4       2\n"
    "Cost                   0       3\n"
    "\n"
    "n<3: fewer than 3 observations, value withheld; -: no observations.\n"
    "\n"
    "Data quality\n"
    "Sources: none\n"
    "Flags:\n"
    "  1 x Hire?date missing\n";

/*
 * Run the sink on R with the section KV, writing "standard output" to OUT
 * (NULL: a memory stream, whose text is returned malloc'd; else NULL is
 * returned). Stores the status of create/write in *STATUS.
 */
static char *run_to(const rpo_report *r, const char *const *kv, FILE *out, int *status)
{
    return fake_run_sink(&SINK, "table", r, kv, out, status);
}

static char *run(const rpo_report *r, const char *const *kv, int *status)
{
    return run_to(r, kv, NULL, status);
}

/* A copy of S without ANSI SGR sequences (ESC [ ... m). */
static char *strip_sgr(const char *s)
{
    char *out = malloc(strlen(s) + 1), *o = out;

    assert_non_null(out);
    while (*s) {
        if (s[0] == '\033' && s[1] == '[') {
            s += 2;
            while (*s && *s != 'm')
                s++;
            if (*s)
                s++;
            continue;
        }
        *o++ = *s++;
    }
    *o = '\0';
    return out;
}

/* --------------------------------------------------- pseudo-terminal */

typedef struct pty {
    int master;
    FILE *slave; /* the sink's "standard output": isatty() is true */
} pty;

/* Open a raw pty (no \n -> \r\n), or return -1 where there is none. */
static int pty_open(pty *p)
{
    struct termios tio;
    int fd;

    p->master = posix_openpt(O_RDWR | O_NOCTTY);
    if (p->master < 0)
        return -1;
    if (grantpt(p->master) != 0 || unlockpt(p->master) != 0 ||
        (fd = open(ptsname(p->master), O_RDWR | O_NOCTTY)) < 0) {
        close(p->master);
        return -1;
    }
    tcgetattr(fd, &tio);
    cfmakeraw(&tio);
    tcsetattr(fd, TCSANOW, &tio);
    p->slave = fdopen(fd, "w");
    assert_non_null(p->slave);
    return 0;
}

/* Close the pty and return everything written to it (malloc'd). */
static char *pty_close(pty *p)
{
    size_t len = 0, cap = 65536;
    char *buf = malloc(cap);
    struct pollfd pfd = { p->master, POLLIN, 0 };

    assert_non_null(buf);
    fflush(p->slave);
    while (poll(&pfd, 1, 200) > 0 && (pfd.revents & POLLIN)) {
        ssize_t n = read(p->master, buf + len, cap - 1 - len);
        if (n <= 0)
            break;
        len += (size_t)n;
    }
    buf[len] = '\0';
    fclose(p->slave);
    close(p->master);
    return buf;
}

/* Run the sink on R with KV on a pty with NO_COLOR set to NO_COLOR (NULL:
 * unset); return the bytes the terminal got, or NULL without a pty. */
static char *run_report_on_tty(const rpo_report *r, const char *const *kv,
                               const char *no_color)
{
    pty p;
    int rc;

    if (pty_open(&p) != 0)
        return NULL;
    if (no_color)
        setenv("NO_COLOR", no_color, 1);
    else
        unsetenv("NO_COLOR");
    assert_null(run_to(r, kv, p.slave, &rc));
    assert_int_equal(rc, RPO_OK);
    return pty_close(&p);
}

/* The same on the standard fixture. */
static char *run_on_tty(const char *const *kv, const char *no_color)
{
    return run_report_on_tty(fake_report_standard(), kv, no_color);
}

/* ----------------------------------------------------------- fixtures */

static char *saved_no_color;

/* Every test starts with NO_COLOR unset, whatever the caller's setting. */
static int setup(void **state)
{
    (void)state;
    fake_log_reset();
    unsetenv("NO_COLOR");
    return 0;
}

static int group_setup(void **state)
{
    const char *v = getenv("NO_COLOR");

    (void)state;
    saved_no_color = v ? strdup(v) : NULL;
    return 0;
}

static int group_teardown(void **state)
{
    (void)state;
    if (saved_no_color) {
        setenv("NO_COLOR", saved_no_color, 1);
        free(saved_no_color);
    } else {
        unsetenv("NO_COLOR");
    }
    return 0;
}

static const rpo_period edge_periods[] = {
    { "Jan", "2024-01-01", "2024-01-31", 0, 1 },
    { "Feb", "2024-02-01", "2024-02-29", 0, 1 },
};
static const rpo_metric_info edge_metrics[] = {
    { .id = "delai", .name = "D\xC3\xA9lai moyen", .unit = RPO_UNIT_DAYS,
      .direction = RPO_LOWER_IS_BETTER, .period_event = "", .process_area = "",
      .definition = "" },
    { .id = "cost", .name = "Cost", .unit = RPO_UNIT_CURRENCY, .direction = RPO_LOWER_IS_BETTER,
      .period_event = "", .process_area = "", .definition = "", .distribution = 1 },
};
static const rpo_metric_value edge_values[] = {
    { .state = RPO_VALUE_OK, .n = 4, .value = 12.5 },
    { .state = RPO_VALUE_INSUFFICIENT, .n = 2 },
    { .state = RPO_VALUE_EMPTY, .n = 0 },
    { .state = RPO_VALUE_OK, .n = 3, .value = 100, .mean = 110.5, .p90 = 130.25 },
};
static const rpo_quality_flag edge_flags[] = {
    { "missing_hire_date", "Hire\tdate missing", 1, "" },
};

static const rpo_report *edge_report(void)
{
    static const rpo_report r = {
        .header = { "Nordic \033[31mtest", "", "Beta RPO", "", "2024-02-29", "rpo 0.1.0", 3 },
        .periods = edge_periods, .nperiods = 2, .metrics = edge_metrics, .nmetrics = 2,
        .values = edge_values, .flags = edge_flags, .nflags = 1,
    };
    return &r;
}

/* The standard fixture without its ABI 1.1 and 1.2 data: no targets, no
 * segments, no incentive, achievements, goals, risks or last run. */
static const rpo_report *v1_report(void)
{
    static rpo_metric_info metrics[4];
    static rpo_metric_value values[16];
    static rpo_report r;
    const rpo_report *std = fake_report_standard();

    memset(&r, 0, sizeof(r));
    r.header = std->header;
    r.header.phase = "";              /* ABI 1.2 */
    r.header.previous_run_as_of = "";
    r.periods = std->periods;
    r.nperiods = std->nperiods;
    r.sources = std->sources;
    r.nsources = std->nsources;
    r.flags = std->flags;
    r.nflags = std->nflags;
    assert_int_equal(std->nmetrics, 4);
    assert_int_equal(std->nmetrics * std->nperiods, 16);
    for (size_t m = 0; m < 4; m++) {
        metrics[m] = std->metrics[m];
        metrics[m].dimensions = NULL;
        metrics[m].key = 0;
        metrics[m].origin = NULL;
    }
    for (size_t i = 0; i < 16; i++) {
        memset(&values[i], 0, sizeof(values[i]));
        values[i].state = std->values[i].state;
        values[i].n = std->values[i].n;
        values[i].value = std->values[i].value;
        values[i].mean = std->values[i].mean;
        values[i].p90 = std->values[i].p90;
    }
    r.metrics = metrics;
    r.nmetrics = 4;
    r.values = values;
    return &r;
}

/* ----------------------------------------------------------------- tests */

static void test_descriptor(void **state)
{
    (void)state;
    assert_int_equal(SINK.abi_major, RPO_ABI_MAJOR);
    assert_int_equal(SINK.abi_minor, RPO_ABI_MINOR);
    assert_true(SINK.struct_size >= RPO_PLUGIN_V1_SIZE);
    assert_int_equal(SINK.kind, RPO_PLUGIN_SINK);
    assert_string_equal(SINK.name, "console");
    assert_non_null(SINK.create);
    assert_non_null(SINK.destroy);
    assert_non_null(SINK.write);
    assert_null(SINK.read);
    assert_string_equal(SINK.keys[0].name, "file");
    assert_int_equal(SINK.keys[0].type, RPO_KEY_PATH);
    assert_null(SINK.keys[0].default_value);
    assert_string_equal(SINK.keys[1].name, "periods");
    assert_int_equal(SINK.keys[1].type, RPO_KEY_INT);
    assert_string_equal(SINK.keys[1].default_value, "4");
    assert_string_equal(SINK.keys[2].name, "color");
    assert_int_equal(SINK.keys[2].type, RPO_KEY_STRING);
    assert_string_equal(SINK.keys[2].default_value, "auto");
    assert_null(SINK.keys[3].name);
}

/* The exact table, with NO_COLOR set (and default keys). */
static void test_golden_no_color(void **state)
{
    const char *const kv[] = { NULL };
    int rc;
    char *out;

    (void)state;
    setenv("NO_COLOR", "1", 1);
    out = run(fake_report_standard(), kv, &rc);
    assert_int_equal(rc, RPO_OK);
    assert_string_equal(out, golden_all);
    assert_string_equal(fake_log_text(), "");
    free(out);
}

/* periods = 0 shows every period: here the same as the default 4. */
static void test_golden_all_periods(void **state)
{
    const char *const kv[] = { "periods", "0", NULL };
    int rc;
    char *out = run(fake_report_standard(), kv, &rc);

    (void)state;
    assert_int_equal(rc, RPO_OK);
    assert_string_equal(out, golden_all);
    free(out);
}

static void test_golden_last_period(void **state)
{
    const char *const kv[] = { "periods", "1", NULL };
    int rc;
    char *out = run(fake_report_standard(), kv, &rc);

    (void)state;
    assert_int_equal(rc, RPO_OK);
    assert_string_equal(out, golden_last1);
    free(out);
}

/* periods = 2 keeps 2024Q2 and 2024Q3 and says one period is hidden. */
static void test_last_two_periods(void **state)
{
    const char *const kv[] = { "periods", "2", NULL };
    int rc;
    char *out = run(fake_report_standard(), kv, &rc), *ach;

    (void)state;
    assert_int_equal(rc, RPO_OK);
    assert_non_null(strstr(out, "\nPeriods:    last 2 of 3\n"));
    assert_non_null(strstr(out, "\nMetric                                       2024Q2        "
                                "2024Q3        overall\n"));
    /* The incentive follows the shown periods. */
    assert_non_null(strstr(out, "\nIncentive                          2024Q2       2024Q3\n"));
    /* Only an achievement's own text names 2024Q1. */
    ach = strstr(out, "\nAchievements\n");
    assert_non_null(ach);
    *ach = '\0';
    assert_null(strstr(out, "2024Q1"));
    free(out);
}

static void test_golden_edge(void **state)
{
    const char *const kv[] = { NULL };
    int rc;
    char *out = run(edge_report(), kv, &rc);

    (void)state;
    assert_int_equal(rc, RPO_OK);
    assert_string_equal(out, golden_edge);
    free(out);
}

static void test_no_metrics(void **state)
{
    const rpo_report r = {
        .header = { "Empty", "Acme", "", "", "2024-01-31", "rpo 0.1.0", 5 },
    };
    const char *const kv[] = { NULL };
    int rc;
    char *out = run(&r, kv, &rc);

    (void)state;
    assert_int_equal(rc, RPO_OK);
    assert_string_equal(out, "Engagement: Empty\n"
                             "Client:     Acme\n"
                             "As of:      2024-01-31\n"
                             "Generator:  rpo 0.1.0\n"
                             "\n"
                             "No metrics in this report.\n"
                             "\n"
                             "Data quality\n"
                             "Sources: none\n"
                             "Flags: none\n");
    free(out);
}

/* Without periods only the label column remains, and no line ends in a
 * space. */
static void test_no_periods(void **state)
{
    const rpo_report r = {
        .header = { "E", "", "", "", "2024-01-31", "rpo 0.1.0", 5 },
        .metrics = edge_metrics, .nmetrics = 1,
    };
    const char *const kv[] = { NULL };
    int rc;
    char *out = run(&r, kv, &rc);

    (void)state;
    assert_int_equal(rc, RPO_OK);
    assert_non_null(strstr(out, "\n\nMetric\n-----------------\nD\xC3\xA9lai moyen, days\n\n"
                                "Observations (n)\n-----------------\nD\xC3\xA9lai moyen\n\n"));
    assert_null(strstr(out, " \n"));
    free(out);
}

static void test_format_number(void **state)
{
    static const struct {
        rpo_unit unit;
        double v;
        const char *want;
    } cases[] = {
        { RPO_UNIT_COUNT, 14, "14" },          { RPO_UNIT_COUNT, 0, "0" },
        { RPO_UNIT_DAYS, 34.5, "34.50" },      { RPO_UNIT_DAYS, -0.0, "0.00" },
        { RPO_UNIT_PERCENT, 78.75, "78.75%" }, { RPO_UNIT_PERCENT, 100, "100.00%" },
        { RPO_UNIT_CURRENCY, 1234.56, "1234.56" }, { RPO_UNIT_RATIO, 0.25, "0.25" },
        { RPO_UNIT_SCORE, -12.5, "-12.50" },
    };

    (void)state;
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        char *s = sink_text_number(cases[i].unit, cases[i].v);
        assert_non_null(s);
        assert_string_equal(s, cases[i].want);
        free(s);
    }
}

static void test_text_width(void **state)
{
    (void)state;
    assert_int_equal(text_width(""), 0);
    assert_int_equal(text_width("abc"), 3);
    assert_int_equal(text_width("D\xC3\xA9lai"), 5);
    assert_int_equal(text_width("\xE2\x82\xAC 5"), 3);
}

static void test_bad_keys(void **state)
{
    const char *const kv_color[] = { "color", "blue", NULL };
    const char *const kv_periods[] = { "periods", "-1", NULL };
    int rc;
    char *out;

    (void)state;
    out = run(fake_report_standard(), kv_color, &rc);
    assert_int_equal(rc, RPO_ECONFIG);
    assert_string_equal(out, "");
    assert_non_null(strstr(fake_log_text(), "color: must be auto, always or never"));
    free(out);

    fake_log_reset();
    out = run(fake_report_standard(), kv_periods, &rc);
    assert_int_equal(rc, RPO_ECONFIG);
    assert_string_equal(out, "");
    assert_non_null(strstr(fake_log_text(), "periods: must be 0 (all) or more"));
    free(out);
}

/* Not a terminal: never a colour code, whatever `color` says. */
static void test_no_color_unless_tty(void **state)
{
    static const char *const modes[] = { "auto", "always", "never" };
    char path[] = "/tmp/sinkconsole.XXXXXX";
    int fd = mkstemp(path);

    (void)state;
    assert_true(fd >= 0);
    close(fd);
    for (size_t i = 0; i < 3; i++) {
        const char *const kv[] = { "color", modes[i], NULL };
        const char *const kv_file[] = { "color", modes[i], "file", path, NULL };
        FILE *fp;
        char text[8192];
        size_t n;
        int rc;
        char *out = run(fake_report_standard(), kv, &rc);

        assert_int_equal(rc, RPO_OK);
        assert_null(strchr(out, '\033'));
        assert_string_equal(out, golden_all);
        free(out);

        out = run(fake_report_standard(), kv_file, &rc);
        assert_int_equal(rc, RPO_OK);
        assert_string_equal(out, "");
        free(out);
        fp = fopen(path, "r");
        assert_non_null(fp);
        n = fread(text, 1, sizeof(text) - 1, fp);
        text[n] = '\0';
        fclose(fp);
        assert_string_equal(text, golden_all);
    }
    unlink(path);
}

/* A terminal with NO_COLOR unset: colour, which only decorates. */
static void test_tty_color(void **state)
{
    const char *const kv[] = { NULL };
    char *out = run_on_tty(kv, NULL), *plain;

    (void)state;
    if (out == NULL)
        skip();
    assert_non_null(strstr(out, "\033[1mEngagement: Acme hiring 2024\033[0m\n"));
    assert_non_null(strstr(out, "\033[1mMetric                                       2024Q1"));
    /* Status markers: green met, yellow near, red missed, dim unjudged;
     * the words say it all without the colour. */
    assert_non_null(strstr(out, "34.50 \033[31m\xE2\x9C\x98 missed\033[0m      "
                                "\033[2mn<5\033[0m \033[2m? n<5\033[0m   "
                                "28.33 \033[32m\xE2\x9C\x94 met\033[0m    "
                                "33.00 \033[33m\xE2\x89\x88 near\033[0m\n"));
    assert_non_null(strstr(out, "       \033[2m-\033[0m \033[2m? n=0\033[0m   84.62% "));
    assert_non_null(strstr(out, "\033[1mIncentive                        2024Q1"));
    assert_non_null(strstr(out, "\033[1mAchievements\033[0m\n"));
    assert_non_null(strstr(out, "\033[1mGoal alignment: speed\033[0m\n"));
    assert_non_null(strstr(out, "  \033[2mtoo few periods (n=2)\033[0m\n"));
    assert_non_null(strstr(out, "\033[1mData quality\033[0m\n"));
    /* Without its escapes it is exactly the plain text: nothing shifted,
     * nothing said only by colour. */
    plain = strip_sgr(out);
    assert_string_equal(plain, golden_all);
    free(plain);
    free(out);
}

/* The report of ABI 1.0 data on a terminal: the colours of before. */
static void test_tty_color_v1(void **state)
{
    const char *const kv[] = { NULL };
    char *out = run_report_on_tty(v1_report(), kv, NULL), *plain;

    (void)state;
    if (out == NULL)
        skip();
    assert_non_null(strstr(out, "\033[1mMetric                      2024Q1"));
    assert_non_null(strstr(out, "    \033[2mn<5\033[0m"));
    assert_non_null(strstr(out, "       \033[2m-\033[0m   84.62%\n"));
    plain = strip_sgr(out);
    assert_string_equal(plain, golden_v1_all);
    free(plain);
    free(out);
}

/* NO_COLOR set to anything non-empty turns colour off on a terminal. */
static void test_tty_no_color(void **state)
{
    const char *const kv[] = { NULL };
    char *out = run_on_tty(kv, "1");

    (void)state;
    if (out == NULL)
        skip();
    assert_string_equal(out, golden_all);
    free(out);
}

/* NO_COLOR set but empty counts as unset (no-color.org). */
static void test_tty_no_color_empty(void **state)
{
    const char *const kv[] = { NULL };
    char *out = run_on_tty(kv, "");

    (void)state;
    if (out == NULL)
        skip();
    assert_non_null(strchr(out, '\033'));
    free(out);
}

static void test_tty_never(void **state)
{
    const char *const kv[] = { "color", "never", NULL };
    char *out = run_on_tty(kv, NULL);

    (void)state;
    if (out == NULL)
        skip();
    assert_string_equal(out, golden_all);
    free(out);
}

/* color = always: the instance's explicit setting overrides NO_COLOR. */
static void test_tty_always(void **state)
{
    const char *const kv[] = { "color", "always", NULL };
    char *out = run_on_tty(kv, "1"), *plain;

    (void)state;
    if (out == NULL)
        skip();
    assert_non_null(strchr(out, '\033'));
    plain = strip_sgr(out);
    assert_string_equal(plain, golden_all);
    free(plain);
    free(out);
}

/* The same report prints the same bytes, to a file as to standard output. */
static void test_deterministic(void **state)
{
    const char *const kv[] = { NULL };
    int rc;
    char *a = run(fake_report_standard(), kv, &rc);
    char *b = run(fake_report_standard(), kv, &rc);

    (void)state;
    assert_string_equal(a, b);
    free(a);
    free(b);
}

/* A failing stream (a full disk) is an I/O error, not a success. */
static void test_write_error(void **state)
{
    FILE *full = fopen("/dev/full", "w");
    const char *const kv[] = { NULL };
    int rc;

    (void)state;
    if (full == NULL)
        skip();
    assert_null(run_to(fake_report_standard(), kv, full, &rc));
    assert_int_equal(rc, RPO_EIO);
    fclose(full);
    assert_string_not_equal(fake_log_text(), "");
}

/* A report the engine got wrong (a value missing) fails, printing nothing. */
static void test_missing_value(void **state)
{
    rpo_report r = *fake_report_standard();
    const char *const kv[] = { NULL };
    int rc;
    char *out;

    (void)state;
    r.values = NULL; /* the fake's rpo_report_value then returns NULL */
    out = run(&r, kv, &rc);
    assert_int_equal(rc, RPO_ERR);
    assert_string_equal(out, "");
    assert_non_null(
        strstr(fake_log_text(), "report has no value for metric requisitions_opened, period 2024Q1"));
    free(out);
}

/* A report without ABI 1.1 data prints exactly what the sink printed
 * before targets, segments, incentives and goals existed. */
static void test_golden_v1(void **state)
{
    const char *const kv[] = { NULL };
    const char *const kv1[] = { "periods", "1", NULL };
    int rc;
    char *out = run(v1_report(), kv, &rc);

    (void)state;
    assert_int_equal(rc, RPO_OK);
    assert_string_equal(out, golden_v1_all);
    free(out);
    out = run(v1_report(), kv1, &rc);
    assert_int_equal(rc, RPO_OK);
    assert_string_equal(out, golden_v1_last1);
    free(out);
}

static void test_status_marker(void **state)
{
    static const struct {
        rpo_target_status status;
        rpo_value_state state;
        const char *want;
        enum style style;
    } cases[] = {
        { RPO_STATUS_MET, RPO_VALUE_OK, "\xE2\x9C\x94 met", STYLE_MET },
        { RPO_STATUS_NEAR, RPO_VALUE_OK, "\xE2\x89\x88 near", STYLE_NEAR },
        { RPO_STATUS_MISSED, RPO_VALUE_OK, "\xE2\x9C\x98 missed", STYLE_MISSED },
        { RPO_STATUS_INSUFFICIENT, RPO_VALUE_INSUFFICIENT, "? n<7", STYLE_DIM },
        { RPO_STATUS_INSUFFICIENT, RPO_VALUE_EMPTY, "? n=0", STYLE_DIM },
        { RPO_STATUS_NONE, RPO_VALUE_OK, "", STYLE_PLAIN },
        { (rpo_target_status)42, RPO_VALUE_OK, "? unknown", STYLE_DIM },
    };

    (void)state;
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        rpo_metric_value v = { .state = cases[i].state, .status = cases[i].status,
                               .has_target = 1 };
        char *text = sink_text_status(&v, 7);
        enum style st = status_style(v.status);

        assert_non_null(text);
        assert_string_equal(text, cases[i].want);
        assert_int_equal(st, cases[i].style);
        free(text);
    }
}

static void test_format_target(void **state)
{
    rpo_metric_info lower = { .unit = RPO_UNIT_DAYS, .direction = RPO_LOWER_IS_BETTER };
    rpo_metric_info higher = { .unit = RPO_UNIT_PERCENT, .direction = RPO_HIGHER_IS_BETTER };
    rpo_metric_info none = { .unit = RPO_UNIT_COUNT, .direction = RPO_DIRECTION_NONE };
    char *s;

    (void)state;
    assert_string_equal(s = sink_text_target(&lower, 48), "\xE2\x89\xA4 48.00");
    free(s);
    assert_string_equal(s = sink_text_target(&higher, 80), "\xE2\x89\xA5 80.00%");
    free(s);
    assert_string_equal(s = sink_text_target(&none, 4), "4");
    free(s);
    assert_string_equal(s = sink_text_trimmed(40, 2), "40");
    free(s);
    assert_string_equal(s = sink_text_trimmed(12.5, 2), "12.5");
    free(s);
    assert_string_equal(s = sink_text_trimmed(-0.0, 2), "0");
    free(s);
    assert_string_equal(s = sink_text_trimmed(33.33, 2), "33.33");
    free(s);
    /* Framework figures keep the engine's 4 decimals: 0.625 is not "0.62". */
    assert_string_equal(s = sink_text_trimmed(0.625, 4), "0.625");
    free(s);
    assert_string_equal(s = sink_text_trimmed(-0.5625, 4), "-0.5625");
    free(s);
}

/*
 * An incentive whose periods name different metrics, one period without a
 * weighted attainment and one below every tier; no currency; a goal without
 * description or links. The status columns stay away: no value has a
 * target.
 */
static void test_incentive_and_goal_edges(void **state)
{
    static const rpo_metric_info mi[] = {
        { .id = "t", .name = "T", .unit = RPO_UNIT_DAYS, .direction = RPO_LOWER_IS_BETTER },
        { .id = "h", .name = "H", .unit = RPO_UNIT_COUNT, .direction = RPO_HIGHER_IS_BETTER },
    };
    static const rpo_period per[] = { { "a", "2024-01-01", "2024-01-31", 0, 1 },
                                      { "b", "2024-02-01", "2024-02-29", 0, 1 },
                                      { "overall", "", "2024-02-29", 1, 0 } };
    static const rpo_metric_value val[6] = {
        { .state = RPO_VALUE_EMPTY }, { .state = RPO_VALUE_EMPTY },
        { .state = RPO_VALUE_EMPTY }, { .state = RPO_VALUE_EMPTY },
        { .state = RPO_VALUE_EMPTY }, { .state = RPO_VALUE_EMPTY },
    };
    static const rpo_incentive_line la[] = {
        { 0, 1, RPO_VALUE_INSUFFICIENT, 12.5, 20, 0, 99 },
        { 1, 2.5, RPO_VALUE_EMPTY, 0, 4, 0, 0 },
    };
    static const rpo_incentive_line lb[] = {
        { 1, 2.5, RPO_VALUE_OK, 3, 4, 1, 75 },
    };
    static const rpo_incentive_period ip[] = {
        { 0, la, 2, 0, 0, 0, 0, 0, 0 },
        { 1, lb, 1, 1, 75, 0, 0, 0, 0 },
    };
    static const rpo_incentive inc = { 500.5, 110, ip, 2 };
    static const rpo_goal goals[] = { { "empty", "", NULL, 0 } };
    const rpo_report r = {
        .header = { "E", "", "", "", "2024-02-29", "rpo 0.1.0", 2 },
        .periods = per, .nperiods = 3, .metrics = mi, .nmetrics = 2, .values = val,
        .incentive = &inc, .goals = goals, .ngoals = 1,
    };
    const char *const kv[] = { NULL };
    int rc;
    char *out = run(&r, kv, &rc);

    (void)state;
    assert_int_equal(rc, RPO_OK);
    assert_string_equal(out, "Engagement: E\n"
                             "As of:      2024-02-29\n"
                             "Generator:  rpo 0.1.0\n"
                             "\n"
                             "Metric            a  b  overall\n"
                             "----------------  -  -  -------\n"
                             "T, days           -  -        -\n"
                             "H                 -  -        -\n"
                             "\n"
                             "Observations (n)  a  b  overall\n"
                             "----------------  -  -  -------\n"
                             "T                 0  0        0\n"
                             "H                 0  0        0\n"
                             "\n"
                             "n<2: fewer than 2 observations, value withheld; -: no observations.\n"
                             "\n"
                             "Incentive                      a       b\n"
                             "--------------------------  ----  ------\n"
                             "T (weight 1)                 n<2\n"
                             "H (weight 2.5)                 -  75.00%\n"
                             "Weighted attainment            -  75.00%\n"
                             "Tier (attainment \xE2\x86\x92 payout)  none    none\n"
                             "Payout                      0.00    0.00\n"
                             "\n"
                             "Pool 500.50 per period; attainment capped at 110%.\n"
                             "Metrics without a value are left out of the weighted attainment.\n"
                             "\n"
                             "Goal alignment: empty\n"
                             "No links.\n"
                             "\n"
                             "Data quality\n"
                             "Sources: none\n"
                             "Flags: none\n");
    free(out);
}

/*
 * Make each allocation of the sink fail in turn: every failure is
 * RPO_ENOMEM, logged, prints nothing (the tables are built before the first
 * byte is written) and leaks nothing, until enough succeed.
 */
static void test_out_of_memory(void **state)
{
    const char *const kv[] = { NULL };
    int done = 0;

    (void)state;
    for (long budget = 0; budget < 100000 && !done; budget++) {
        int rc;
        char *out;

        fake_log_reset();
        alloc_budget = budget;
        out = run(fake_report_standard(), kv, &rc);
        alloc_budget = -1;
        if (rc == RPO_OK) {
            assert_string_equal(out, golden_all);
            done = 1;
        } else {
            assert_int_equal(rc, RPO_ENOMEM);
            assert_string_equal(out, "");
            assert_non_null(strstr(fake_log_text(), "out of memory"));
        }
        free(out);
    }
    assert_true(done);
}

/* A distribution without a value in any shown column gets no mean and p90
 * rows: periods = 1 keeps only Feb, where "Cost" is empty. */
static void test_no_spread_rows(void **state)
{
    static const rpo_metric_value values[] = {
        { .state = RPO_VALUE_OK, .n = 4, .value = 12.5 },
        { .state = RPO_VALUE_INSUFFICIENT, .n = 2 },
        { .state = RPO_VALUE_OK, .n = 3, .value = 100, .mean = 110.5, .p90 = 130.25 },
        { .state = RPO_VALUE_EMPTY, .n = 0 },
    };
    rpo_report r = *edge_report();
    const char *const kv[] = { "periods", "1", NULL };
    int rc;
    char *out;

    (void)state;
    r.values = values;
    out = run(&r, kv, &rc);
    assert_int_equal(rc, RPO_OK);
    assert_non_null(strstr(out, "\nPeriods:    last 1 of 2\n\n"
                                "Metric             Feb\n"
                                "-----------------  ---\n"
                                "D\xC3\xA9lai moyen, days  n<3\n"
                                "Cost, median         -\n"
                                "\n"
                                "Observations (n)   Feb\n"));
    free(out);
}

/* Framework assessments: the shown periods' groups and overall, each with
 * its headline, element table, figure tables and findings. */
static void test_frameworks(void **state)
{
    const rpo_assessment_dimension_view dims[] = {
        { "awareness", 4, RPO_VALUE_OK, 4.25, 0.5, "ok" },
        { "desire", 4, RPO_VALUE_OK, 2.75, 0.96, "barrier" },
        { "knowledge", 0, RPO_VALUE_EMPTY, 0, 0, "" } };
    const rpo_assessment_figure_view figs[] = { { "barrier points", "desire", 3, 4 },
                                                { "barrier points", "none", 1, 4 } };
    const rpo_assessment_finding_view finds[] = { { "Barrier point: desire", "Build desire." } };
    const rpo_assessment_group_view groups[] = {
        { "", "overall", 4, RPO_VALUE_OK, 1, 62.5, "desire", dims, 3, figs, 2, finds, 1 },
        { "recruiters", "2025Q1", 2, RPO_VALUE_INSUFFICIENT, 0, 0, "", NULL, 0, NULL, 0, NULL, 0 },
        { "recruiters", "overall", 2, RPO_VALUE_INSUFFICIENT, 0, 0, "", NULL, 0, NULL, 0, NULL, 0 } };
    const rpo_framework_view fw[] = { { "readiness", "adkar", "adkar", "readiness index",
                                        "barrier point", 9, 1, groups, 3 } };
    const rpo_report r = {
        .header = { "E", "", "", "", "2025-03-31", "rpo 0.1.0", 5 },
        .frameworks = fw, .nframeworks = 1,
    };
    int rc;
    char *out = run(&r, NULL, &rc);

    (void)state;
    assert_int_equal(rc, RPO_OK);
    assert_non_null(strstr(out,
        "Framework: readiness (adkar, instrument adkar)\n"
        "Responses: 9 taken, 1 refused\n"
        "All respondents, overall: n=4; readiness index 62.50; barrier point: desire\n"
        "  Element        n  Score  Spread  Status\n"
        "  awareness      4   4.25    0.50  ok\n"
        "  desire         4   2.75    0.96  barrier\n"
        "  knowledge      0      -       -\n"
        "  barrier points: desire 3, none 1\n"
        "  - Barrier point: desire\n"
        "    \xE2\x86\x92 Build desire.\n"
        "recruiters, overall: n=2; insufficient (too few respondents to score)\n\n"));
    /* 2025Q1 is no period of this report, so its group is not shown. */
    assert_null(strstr(out, "2025Q1"));
    free(out);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_descriptor, setup),
        cmocka_unit_test_setup(test_golden_no_color, setup),
        cmocka_unit_test_setup(test_golden_all_periods, setup),
        cmocka_unit_test_setup(test_golden_last_period, setup),
        cmocka_unit_test_setup(test_last_two_periods, setup),
        cmocka_unit_test_setup(test_golden_edge, setup),
        cmocka_unit_test_setup(test_no_metrics, setup),
        cmocka_unit_test_setup(test_no_periods, setup),
        cmocka_unit_test_setup(test_format_number, setup),
        cmocka_unit_test_setup(test_text_width, setup),
        cmocka_unit_test_setup(test_bad_keys, setup),
        cmocka_unit_test_setup(test_no_color_unless_tty, setup),
        cmocka_unit_test_setup(test_tty_color, setup),
        cmocka_unit_test_setup(test_tty_color_v1, setup),
        cmocka_unit_test_setup(test_tty_no_color, setup),
        cmocka_unit_test_setup(test_tty_no_color_empty, setup),
        cmocka_unit_test_setup(test_tty_never, setup),
        cmocka_unit_test_setup(test_tty_always, setup),
        cmocka_unit_test_setup(test_deterministic, setup),
        cmocka_unit_test_setup(test_write_error, setup),
        cmocka_unit_test_setup(test_missing_value, setup),
        cmocka_unit_test_setup(test_no_spread_rows, setup),
        cmocka_unit_test_setup(test_golden_v1, setup),
        cmocka_unit_test_setup(test_status_marker, setup),
        cmocka_unit_test_setup(test_format_target, setup),
        cmocka_unit_test_setup(test_incentive_and_goal_edges, setup),
        cmocka_unit_test_setup(test_out_of_memory, setup),
        cmocka_unit_test_setup(test_frameworks, setup),
    };

    cmocka_set_message_output(CM_OUTPUT_TAP);
    return cmocka_run_group_tests_name("sink_console", tests, group_setup, group_teardown);
}
