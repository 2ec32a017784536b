/*
 * main.c — the rpo command line: run, validate, plugins, metrics.
 * Exit statuses follow sysexits.h (see rpo(1), EXIT STATUS).
 */
#include "date.h"
#include "engine.h"
#include "interrupt.h"
#include "log.h"

#include <config.h>
#include <getopt.h>
#include <rpo/plugin.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

static const char usage_text[] =
    "usage: rpo run -c FILE [--as-of YYYY-MM-DD] [--strict] [--full-sync] [-v|-q]\n"
    "       rpo validate -c FILE\n"
    "       rpo history -c FILE [--metric ID]\n"
    "       rpo sample -c FILE --period P --fraction F --seed N [--stratify level]\n"
    "       rpo plugins [-c FILE]\n"
    "       rpo metrics\n"
    "       rpo --help | --version\n"
    "\n"
    "Turns an RPO engagement's recruiting data into its quarterly scorecard.\n"
    "\n"
    "commands:\n"
    "  run        read every source of the engagement FILE and write every sink\n"
    "  validate   check FILE and its plugins without reading any data\n"
    "  history    print the engagement's runs from its store, per metric and period\n"
    "  sample     a reproducible random sample of the hiring managers active in a\n"
    "             period (pseudonyms), for the quarterly 1-1s\n"
    "  plugins    list the plugins found, with their config keys\n"
    "  metrics    list the metrics with their definitions\n"
    "\n"
    "options:\n"
    "  -c, --config FILE   the engagement's INI file\n"
    "      --as-of DATE    treat DATE as today (default: today, UTC); same input and\n"
    "                      date give byte-identical output\n"
    "      --strict        fail (exit 65) when any record was rejected\n"
    "      --full-sync     incremental sources fetch everything again (the records\n"
    "                      kept in the store are replaced)\n"
    "      --metric ID     history: only this metric\n"
    "      --period P      sample: the period (2025Q3)\n"
    "      --fraction F    sample: the share of managers to draw (0 < F <= 1)\n"
    "      --seed N        sample: the seed; the same seed draws the same sample\n"
    "      --stratify level  sample: draw within each requisition level\n"
    "  -v, --verbose       also log progress (twice: debug)\n"
    "  -q, --quiet         log errors only\n"
    "  -h, --help          this text\n"
    "  -V, --version       the version and plugin ABI\n"
    "\n"
    "See rpo(1) for the config file, record fields, metrics and exit statuses.\n";

/* Maps an engine status to a sysexits.h exit status. */
static int exit_status(int rc)
{
    switch (rc) {
    case RPO_OK: return EX_OK;
    case RPO_ECONFIG: return EX_CONFIG;
    case RPO_ENOINPUT: return EX_NOINPUT;
    case RPO_EDATA: return EX_DATAERR;
    case RPO_EIO: return EX_IOERR;
    case RPO_ENOMEM: return EX_OSERR;
    case RPO_ERETRY: return EX_TEMPFAIL;
    case RPO_EUNAVAIL: return EX_UNAVAILABLE;
    case RPO_ECANTCREAT: return EX_CANTCREAT;
    case RPO_EINTR: return 128 + rpo_interrupted(); /* as a shell reports a signal */
    default: return EX_SOFTWARE;
    }
}

static int usage_error(const char *fmt, const char *arg)
{
    fputs("rpo: ", stderr);
    fprintf(stderr, fmt, arg);
    fputs("; see `rpo --help`\n", stderr);
    return EX_USAGE;
}

int main(int argc, char **argv)
{
    static const struct option long_opts[] = {
        {"config", required_argument, NULL, 'c'}, {"as-of", required_argument, NULL, 'a'},
        {"strict", no_argument, NULL, 's'},       {"verbose", no_argument, NULL, 'v'},
        {"quiet", no_argument, NULL, 'q'},        {"help", no_argument, NULL, 'h'},
        {"version", no_argument, NULL, 'V'},      {"metric", required_argument, NULL, 'm'},
        {"period", required_argument, NULL, 'P'}, {"fraction", required_argument, NULL, 'F'},
        {"seed", required_argument, NULL, 'S'},   {"stratify", required_argument, NULL, 'T'},
        {"full-sync", no_argument, NULL, 'f'},
        {NULL, 0, NULL, 0}};
    const char *metric = NULL, *fraction = NULL, *seed = NULL, *stratify = NULL;
    rpo_sample_options so = {0};
    rpo_logger lg;
    rpo_logger_init(&lg);
    rpo_run_options opt = {.lg = &lg};
    int verbose = 0, quiet = 0, c;
    /* GNU getopt permutes: options may come before or after the command. */
    while ((c = getopt_long(argc, argv, "c:vqhV", long_opts, NULL)) != -1) {
        switch (c) {
        case 'c': opt.config_path = optarg; break;
        case 'a': opt.as_of = optarg; break;
        case 's': opt.strict = 1; break;
        case 'f': opt.full_sync = 1; break;
        case 'm': metric = optarg; break;
        case 'P': so.period = optarg; break;
        case 'F': fraction = optarg; break;
        case 'S': seed = optarg; break;
        case 'T': stratify = optarg; break;
        case 'v': verbose++; break;
        case 'q': quiet = 1; break;
        case 'h': fputs(usage_text, stdout); return EX_OK;
        case 'V':
            printf("rpo %s (plugin ABI %d.%d)\n", PACKAGE_VERSION, RPO_ABI_MAJOR, RPO_ABI_MINOR);
            return EX_OK;
        default: return usage_error("%s", "bad option");
        }
    }
    lg.max_level = quiet ? RPO_LOG_ERROR : verbose >= 2 ? RPO_LOG_DEBUG
                                       : verbose       ? RPO_LOG_INFO
                                                       : RPO_LOG_WARN;
    if (optind >= argc)
        return usage_error("%s", "no command given");
    const char *cmd = argv[optind];
    if (optind + 1 < argc)
        return usage_error("unexpected argument '%s'", argv[optind + 1]);
    int rc;
    if (metric && strcmp(cmd, "history") != 0)
        return usage_error("%s", "--metric goes with history");
    if ((so.period || fraction || seed || stratify) && strcmp(cmd, "sample") != 0)
        return usage_error("%s", "--period, --fraction, --seed and --stratify go with sample");
    if (strcmp(cmd, "sample") == 0) {
        char *end;
        if (!opt.config_path || !so.period || !fraction || !seed)
            return usage_error("%s", "sample needs -c FILE, --period, --fraction and --seed");
        so.fraction = strtod(fraction, &end);
        if (*end || !(so.fraction > 0 && so.fraction <= 1))
            return usage_error("--fraction %s: a number above 0, at most 1", fraction);
        so.seed = strtoull(seed, &end, 10);
        if (*end || !*seed || *seed == '-')
            return usage_error("--seed %s: a whole number", seed);
        if (stratify && strcmp(stratify, "level") != 0)
            return usage_error("--stratify %s: only level", stratify);
        so.stratify_level = stratify != NULL;
        opt.sample = &so;
        opt.sample_out = stdout;
        cmd = "run";
    }
    if (strcmp(cmd, "history") == 0) {
        if (!opt.config_path)
            return usage_error("%s needs -c FILE", cmd);
        if (opt.as_of || opt.strict || opt.full_sync)
            return usage_error("%s", "history takes -c FILE and --metric ID only");
        rc = rpo_engine_history(opt.config_path, metric, &lg, stdout);
    } else if (strcmp(cmd, "run") == 0 || strcmp(cmd, "validate") == 0) {
        if (!opt.config_path)
            return usage_error("%s needs -c FILE", cmd);
        opt.validate_only = cmd[0] == 'v';
        rpo_day day;
        const char *why;
        if (opt.as_of && (strlen(opt.as_of) != 10 ||
                          rpo_date_parse_iso(opt.as_of, 10, &day, &why) != 0))
            return usage_error("--as-of %s: not a date (expected YYYY-MM-DD)", opt.as_of);
        if (opt.validate_only && (opt.as_of || opt.strict || opt.full_sync))
            return usage_error("%s", "validate takes only -c FILE");
        if (!opt.validate_only && rpo_interrupt_install() != RPO_OK)
            return usage_error("%s", "cannot catch SIGINT and SIGTERM");
        rc = rpo_engine_run(&opt);
        if (rc == RPO_EINTR)
            fprintf(stderr, "rpo: stopped by %s; the outputs and the store are as they were "
                            "(sinks already written stay written)\n",
                    rpo_interrupted() == 2 ? "SIGINT" : "SIGTERM");
        if (rc == RPO_OK && opt.validate_only)
            printf("%s: ok\n", opt.config_path);
    } else if ((strcmp(cmd, "plugins") == 0 || strcmp(cmd, "metrics") == 0) &&
               (opt.as_of || opt.strict || opt.full_sync)) {
        return usage_error("%s takes no --as-of or --strict", cmd);
    } else if (strcmp(cmd, "plugins") == 0) {
        rc = rpo_engine_list_plugins(opt.config_path, &lg, stdout);
    } else if (strcmp(cmd, "metrics") == 0) {
        rpo_engine_list_metrics(stdout);
        rc = RPO_OK;
    } else {
        return usage_error("unknown command '%s'", cmd);
    }
    if (fflush(stdout) != 0 && rc == RPO_OK)
        rc = RPO_EIO;
    return exit_status(rc);
}
