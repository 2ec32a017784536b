/*
 * test_source_csv.c — the csv source plugin through the real engine: each
 * test writes an INI file and a CSV file into a fresh temporary folder, loads
 * the config (core/cfg.c), loads plugins/source_csv.la with the engine's
 * loader from RPO_PLUGIN_PATH (set by `make check`), checks its keys, calls
 * create(), and reads through a real emitter (core/emit.c) whose consumer
 * records every validated record as text. What the engine logs on stderr is
 * captured and compared.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cfg.h"
#include "emit.h"
#include "instance.h"
#include "loader.h"
#include "log.h"
#include "record_model.h"
#include "testutil.h" /* assert_contains, assert_lacks */

/* ------------------------------------------------------------- harness */

typedef struct result {
    int create_rc; /* rpo_instance_open, then create() */
    int read_rc;   /* read(), when create succeeded */
    char records[8192];
    unsigned long long read, accepted, rejected;
    char log[16384];
    long stop_after; /* > 0: the consumer stops the run at this record */
    long consumed;
} result;

static char dir[64];

/* Writes TEXT to dir/NAME. */
static void put_file(const char *name, const char *text)
{
    char path[256];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

static void append(char *buf, size_t size, const char *fmt, ...)
{
    size_t used = strlen(buf);
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf + used, size - used, fmt, ap);
    va_end(ap);
}

/* The consumer: one line per record, "LINE: field=[text] ... stage=@reached". */
static int consume(void *arg, const rpo_record *rec, const char **why, int *field)
{
    result *res = arg;
    (void)why;
    (void)field;
    if (res->stop_after > 0 && ++res->consumed >= res->stop_after)
        return RPO_EIO;
    append(res->records, sizeof res->records, "%lu:", rec->line);
    for (int f = 0; f < rpo_field_count(rec->kind); f++) {
        if (RPO_HAS(rec, f))
            append(res->records, sizeof res->records, " %s=[%.*s]", rpo_field_name(rec->kind, f),
                   (int)rec->v[f].len, rec->v[f].text);
        if ((rec->reached >> f) & 1)
            append(res->records, sizeof res->records, " %s=@reached",
                   rpo_field_name(rec->kind, f));
    }
    append(res->records, sizeof res->records, "\n");
    return 0;
}

/*
 * Run [source.apps] with SECTION's keys (plugin = csv is added) over the
 * file data.csv holding CSV (not written when NULL), and record everything
 * in *RES.
 */
static void run(const char *section, const char *csv, result *res)
{
    char ini[4096], path[256];
    rpo_logger lg = {RPO_LOG_DEBUG, 0};
    rpo_cfg *cfg = NULL;
    rpo_loader ld;
    rpo_instance inst;

    memset(res->records, 0, sizeof res->records);
    res->log[0] = '\0';
    res->read = res->accepted = res->rejected = 0;
    res->consumed = 0;
    res->read_rc = RPO_ERR;
    snprintf(ini, sizeof ini, "[engagement]\nname = t\n\n[source.apps]\nplugin = csv\n%s", section);
    put_file("test.ini", ini);
    snprintf(path, sizeof path, "%s/data.csv", dir);
    unlink(path);
    if (csv)
        put_file("data.csv", csv);

    /* Capture stderr. */
    fflush(stderr);
    int saved = dup(2);
    FILE *tmp = tmpfile();
    assert_non_null(tmp);
    dup2(fileno(tmp), 2);

    snprintf(path, sizeof path, "%s/test.ini", dir);
    assert_int_equal(rpo_cfg_load(path, &lg, &cfg), RPO_OK);
    assert_int_equal(rpo_loader_init(&ld, &lg, cfg->dir, NULL), RPO_OK);
    memset(&inst, 0, sizeof inst);
    res->create_rc = rpo_instance_open(&ld, cfg, rpo_cfg_find(cfg, "source.apps"),
                                       rpo_source_core_keys, &inst);
    if (res->create_rc == RPO_OK) {
        res->create_rc = rpo_instance_create(&inst);
        if (res->create_rc == RPO_OK) {
            struct rpo_emitter em;
            int kind = rpo_record_kind_lookup(rpo_cfg_value(inst.section, "record", ""));
            assert_true(kind >= 0);
            rpo_emitter_init(&em, (rpo_record_kind)kind, &lg, inst.prefix, consume, res);
            res->read_rc = inst.plugin->read(inst.ctx, &em);
            res->read = em.read;
            res->accepted = em.accepted;
            res->rejected = em.rejected;
            rpo_emitter_fini(&em);
        }
        rpo_instance_close(&inst);
    }
    rpo_loader_fini(&ld);
    rpo_cfg_free(cfg);

    fflush(stderr);
    dup2(saved, 2);
    close(saved);
    rewind(tmp);
    size_t n = fread(res->log, 1, sizeof res->log - 1, tmp);
    res->log[n] = '\0';
    fclose(tmp);
}



static int setup(void **state)
{
    (void)state;
    const char *plugins = getenv("RPO_PLUGIN_PATH");
    if (!plugins) {
        fprintf(stderr, "run through make check: RPO_PLUGIN_PATH is unset\n");
        return -1;
    }
    snprintf(dir, sizeof dir, "/tmp/rpo-csv-test-XXXXXX");
    return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    char path[256];
    snprintf(path, sizeof path, "%s/data.csv", dir);
    unlink(path);
    snprintf(path, sizeof path, "%s/test.ini", dir);
    unlink(path);
    return rmdir(dir);
}

static result res; /* big: not on the stack */

/* --------------------------------------------------------------- tests */

static void test_default_mapping(void **state)
{
    (void)state;
    /* BOM, CRLF, a blank line, padded headers, an extra column, an empty cell. */
    run("record = application\nfile = data.csv\n",
        "\xEF\xBB\xBFid, requisition_id ,applied_at,notes,source\r\n"
        "A1,R1,2024-01-02,private note,\r\n"
        "\r\n"
        "A2,R1,2024-01-03,\"multi\r\nline\",\"Referral, internal\"\r\n"
        "A3,R2,2024-01-04,,LinkedIn\r\n",
        &res);
    assert_int_equal(res.create_rc, RPO_OK);
    assert_int_equal(res.read_rc, RPO_OK);
    assert_string_equal(res.records,
                        "2: id=[A1] requisition_id=[R1] applied_at=[2024-01-02]\n"
                        "4: id=[A2] requisition_id=[R1] applied_at=[2024-01-03] "
                        "source=[Referral, internal]\n"
                        "6: id=[A3] requisition_id=[R2] applied_at=[2024-01-04] "
                        "source=[LinkedIn]\n");
    assert_int_equal(res.read, 3);
    assert_int_equal(res.accepted, 3);
    assert_int_equal(res.rejected, 0);
    assert_contains(res.log, "rpo: debug: [source:apps] data.csv: columns that feed no field "
                             "(ignored): notes\n");
    assert_lacks(res.log, "private note");
}

static void test_map_delimiter_date_format(void **state)
{
    (void)state;
    run("record = application\nfile = data.csv\ndelimiter = semicolon\n"
        "map.id = Application ID\nmap.requisition_id = Req\nmap.applied_at = Applied\n"
        "date_format = %d.%m.%Y\n",
        "Application ID;Req;Applied;id\n\"A;1\";R1;02.01.2024;ignored\nA2;R1;31.02.2024;x\n", &res);
    assert_int_equal(res.create_rc, RPO_OK);
    assert_int_equal(res.read_rc, RPO_OK);
    /* Column "id" is not used for field id: map.id took over that field. */
    assert_string_equal(res.records, "2: id=[A;1] requisition_id=[R1] applied_at=[02.01.2024]\n");
    assert_int_equal(res.accepted, 1);
    assert_int_equal(res.rejected, 1);
    assert_contains(res.log, "data.csv:3: record rejected: field applied_at:");
    assert_contains(res.log, "columns that feed no field (ignored): id\n");

    run("record = application\nfile = data.csv\ndelimiter = tab\n",
        "id\trequisition_id\tapplied_at\nA\tR\t2024-05-06\n", &res);
    assert_int_equal(res.read_rc, RPO_OK);
    assert_string_equal(res.records, "2: id=[A] requisition_id=[R] applied_at=[2024-05-06]\n");

    run("record = application\nfile = data.csv\ndelimiter = |\n",
        "id|requisition_id|applied_at\nA|R|2024-05-06\n", &res);
    assert_int_equal(res.read_rc, RPO_OK);
    assert_string_equal(res.records, "2: id=[A] requisition_id=[R] applied_at=[2024-05-06]\n");
}

static void test_flags_and_value_maps(void **state)
{
    (void)state;
    run("record = application\nfile = data.csv\n"
        "flag.screened_at = Screened\nflag.offered_at = Offer\n"
        "value.screened_at.Ja = 1\nvalue.screened_at.Nein = 0\n"
        "map.source = Channel\nvalue.source.Phone Screen = phone\nvalue.source.n/a =\n",
        "id,requisition_id,applied_at,Screened,Offer,Channel\n"
        "A1,R1,2024-01-02,Ja,1,Phone Screen\n"
        "A2,R1,2024-01-02,Nein,no,n/a\n"
        "A3,R1,2024-01-02,,TRUE,Web\n"
        "A4,R1,2024-01-02,vielleicht,0,Web\n",
        &res);
    assert_int_equal(res.create_rc, RPO_OK);
    assert_int_equal(res.read_rc, RPO_OK);
    assert_string_equal(res.records,
                        "2: id=[A1] requisition_id=[R1] applied_at=[2024-01-02] source=[phone] "
                        "screened_at=@reached offered_at=@reached\n"
                        "3: id=[A2] requisition_id=[R1] applied_at=[2024-01-02]\n"
                        "4: id=[A3] requisition_id=[R1] applied_at=[2024-01-02] source=[Web] "
                        "offered_at=@reached\n");
    assert_int_equal(res.rejected, 1);
    assert_contains(res.log, "rpo: warning: [source:apps] data.csv:5: record rejected: column "
                             "'Screened' (flag.screened_at): expected 0/1, yes/no or true/false\n");
    assert_lacks(res.log, "vielleicht");
}

static void test_stage_event_words(void **state)
{
    (void)state;
    run("record = stage_event\nfile = data.csv\n"
        "value.stage.Phone Screen = screened\nvalue.stage.Hired = hired\n",
        "application_id,stage,at\nA1,Phone Screen,2024-01-01\nA1,Hired,2024-02-01\n"
        "A1,Coffee,2024-02-02\n",
        &res);
    assert_int_equal(res.read_rc, RPO_OK);
    assert_string_equal(res.records,
                        "2: application_id=[A1] stage=[screened] at=[2024-01-01]\n"
                        "3: application_id=[A1] stage=[hired] at=[2024-02-01]\n");
    assert_int_equal(res.rejected, 1);
    assert_contains(res.log,
                    "data.csv:4: record rejected: field stage: not one of the allowed words");
}

static void test_bad_rows(void **state)
{
    (void)state;
    run("record = application\nfile = data.csv\n",
        "id,requisition_id,applied_at\n"
        "A1,R1,2024-01-02\n"
        "A2,R1\n"
        "A3,\"R1\"x,2024-01-02\n"
        "A4,R\"1,2024-01-02\n"
        "A5,R1,2024-01-02,extra\n"
        "A6,,2024-01-02\n"
        "A7,R1,2024-01-02\n"
        "A8,\"R1,2024-01-02\n",
        &res);
    assert_int_equal(res.read_rc, RPO_OK);
    assert_string_equal(res.records, "2: id=[A1] requisition_id=[R1] applied_at=[2024-01-02]\n"
                                     "8: id=[A7] requisition_id=[R1] applied_at=[2024-01-02]\n");
    assert_int_equal(res.read, 8);
    assert_int_equal(res.accepted, 2);
    assert_int_equal(res.rejected, 6);
    assert_contains(res.log,
                    "[source:apps] data.csv:3: record rejected: expected 3 columns, found 2\n");
    assert_contains(res.log,
                    "data.csv:4: record rejected: text after the closing quote of field 2\n");
    assert_contains(res.log, "data.csv:5: record rejected: quote inside unquoted field 2\n");
    assert_contains(res.log, "data.csv:6: record rejected: expected 3 columns, found 4\n");
    assert_contains(res.log,
                    "data.csv:7: record rejected: missing required field requisition_id\n");
    assert_contains(res.log,
                    "data.csv:9: record rejected: quoted field 2 not closed at end of file\n");
}

static void test_config_errors(void **state)
{
    (void)state;
    run("record = application\nfile = data.csv\ndelimiter = colon\n", "id\n", &res);
    assert_int_equal(res.create_rc, RPO_ECONFIG);
    assert_contains(res.log, "test.ini:8: [source.apps] delimiter: expected one character (not a "
                             "quote) or comma, semicolon, tab, pipe; got 'colon'\n");

    run("record = application\nfile = data.csv\nmap.aplied_at = Applied\n", "id\n", &res);
    assert_int_equal(res.create_rc, RPO_ECONFIG);
    assert_contains(res.log, "test.ini:8: [source.apps] map.aplied_at: application records have "
                             "no field 'aplied_at'; did you mean 'applied_at'?\n");

    run("record = application\nfile = data.csv\nflag.source = S\n", "id\n", &res);
    assert_int_equal(res.create_rc, RPO_ECONFIG);
    assert_contains(res.log, "test.ini:8: [source.apps] flag.source: flags exist only for the "
                             "stage dates of application records");

    run("record = hire\nfile = data.csv\nflag.hired_at = S\n", "id\n", &res);
    assert_int_equal(res.create_rc, RPO_ECONFIG);
    assert_contains(res.log, "flag.hired_at: hire records have no field 'hired_at'");

    run("record = stage_event\nfile = data.csv\nvalue.stages.Hired = hired\n", "id\n", &res);
    assert_int_equal(res.create_rc, RPO_ECONFIG);
    assert_contains(res.log, "value.stages.Hired: stage_event records have no field 'stages'; "
                             "did you mean 'stage'?\n");

    run("record = stage_event\nfile = data.csv\nvalue.stage = hired\n", "id\n", &res);
    assert_int_equal(res.create_rc, RPO_ECONFIG);
    assert_contains(res.log, "value.stage: expected value.<field>.<text in the file>\n");

    /* The engine checks key names before create(). */
    run("record = application\nfile = data.csv\ndelimeter = tab\n", "id\n", &res);
    assert_int_equal(res.create_rc, RPO_ECONFIG);
    assert_contains(res.log, "delimeter");
}

static void test_missing_file(void **state)
{
    (void)state;
    char want[512];
    run("record = application\nfile = nowhere/apps.csv\n", NULL, &res);
    assert_int_equal(res.create_rc, RPO_ENOINPUT);
    snprintf(want, sizeof want,
             "rpo: error: [source:apps] cannot open %s/nowhere/apps.csv: No such file or "
             "directory (set `file` in [source.apps])\n",
             dir);
    assert_string_equal(res.log, want);

    run("record = application\nfile = .\n", NULL, &res);
    assert_int_equal(res.create_rc, RPO_ENOINPUT);
    assert_contains(res.log, "it is a directory (set `file` in [source.apps])\n");
}

static void test_header_problems(void **state)
{
    (void)state;
    run("record = application\nfile = data.csv\nmap.candidate_id = Candidate\n",
        "id,requisition_id,applied_at,Name\nA,R,2024-01-01,x\n", &res);
    assert_int_equal(res.create_rc, RPO_OK);
    assert_int_equal(res.read_rc, RPO_EDATA);
    assert_contains(res.log, "rpo: error: [source:apps] data.csv: column 'Candidate' "
                             "(map.candidate_id) not in the header; columns are: id, "
                             "requisition_id, applied_at, Name\n");
    assert_string_equal(res.records, "");

    run("record = application\nfile = data.csv\n", "", &res);
    assert_int_equal(res.read_rc, RPO_EDATA);
    assert_contains(res.log, "data.csv: the file is empty; expected a header row\n");

    run("record = application\nfile = data.csv\n", "\n , ,\nA,R,2024-01-01\n", &res);
    assert_int_equal(res.read_rc, RPO_EDATA);
    assert_contains(res.log, "data.csv:2: the header row is empty\n");

    run("record = application\nfile = data.csv\n", "A1,R1,2024-01-01\n", &res);
    assert_int_equal(res.read_rc, RPO_EDATA);
    assert_contains(res.log, "data.csv:1: no column of the header names a field of application "
                             "records (is the header row missing?)");
    assert_lacks(res.log, "A1");

    run("record = application\nfile = data.csv\n", "id,\"requisition_id\"x\n", &res);
    assert_int_equal(res.read_rc, RPO_EDATA);
    assert_contains(res.log,
                    "data.csv:1: bad header row: text after the closing quote of field 2\n");

    /* A header alone is a valid, empty input. */
    run("record = application\nfile = data.csv\n", "id,requisition_id,applied_at\n", &res);
    assert_int_equal(res.read_rc, RPO_OK);
    assert_int_equal(res.read, 0);
}

static void test_run_stops(void **state)
{
    (void)state;
    res.stop_after = 2;
    run("record = application\nfile = data.csv\n",
        "id,requisition_id,applied_at\nA,R,2024-01-01\nB,R,2024-01-01\nC,R,2024-01-01\n", &res);
    res.stop_after = 0;
    assert_int_equal(res.read_rc, RPO_EIO);
    assert_int_equal(res.read, 2);
    assert_string_equal(res.records, "2: id=[A] requisition_id=[R] applied_at=[2024-01-01]\n");
}

static void test_many_rows(void **state)
{
    (void)state;
    /* 50,000 rows stream through: counts and line numbers of the last ones. */
    size_t cap = 50000 * 40 + 64, len = 0;
    char *csv = malloc(cap);
    assert_non_null(csv);
    len += (size_t)sprintf(csv, "id,requisition_id,applied_at\n");
    for (int i = 0; i < 50000; i++)
        len += (size_t)sprintf(csv + len, "A%d,R%d,2024-%02d-%02d\n", i, i % 97, 1 + i % 12,
                               1 + i % 28);
    res.stop_after = 0;
    run("record = application\nfile = data.csv\n", csv, &res);
    free(csv);
    assert_int_equal(res.read_rc, RPO_OK);
    assert_int_equal(res.read, 50000);
    assert_int_equal(res.accepted, 50000);
    assert_contains(res.log, "data.csv: 50000 data rows\n");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_default_mapping),
        cmocka_unit_test(test_map_delimiter_date_format),
        cmocka_unit_test(test_flags_and_value_maps),
        cmocka_unit_test(test_stage_event_words),
        cmocka_unit_test(test_bad_rows),
        cmocka_unit_test(test_config_errors),
        cmocka_unit_test(test_missing_file),
        cmocka_unit_test(test_header_problems),
        cmocka_unit_test(test_run_stops),
        cmocka_unit_test(test_many_rows),
    };

    cmocka_set_message_output(CM_OUTPUT_TAP);
    return cmocka_run_group_tests_name("source_csv", tests, setup, teardown);
}
