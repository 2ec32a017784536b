/*
 * engine.c — orchestrating one run (see engine.h).
 */
#include "engine.h"
#include "cfg.h"
#include "date.h"
#include "emit.h"
#include "framework.h"
#include "interrupt.h"
#include "instance.h"
#include "loader.h"
#include "metrics.h"
#include "model.h"
#include "parse.h"
#include "pseudonym.h"
#include "registry.h"
#include "store.h"
#include "report_build.h"
#include "util.h"

#include <config.h>
#include <openssl/evp.h>
#include <openssl/rand.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

typedef struct run {
    const rpo_run_options *opt;
    const rpo_logger *lg;
    rpo_cfg *cfg;
    rpo_loader loader;
    int loader_up;
    rpo_instance *inst; /* one per plugin section, in file order */
    rpo_record_kind *kind; /* per instance: the record kind of a source */
    size_t n_inst;
    rpo_pseudonymizer pseudo;
    unsigned min_n;
    unsigned threads; /* parts a parallel source is read in */
    rpo_day as_of;
    rpo_registry reg;
    int reg_up;
    struct fw *fw; /* one per framework instance, in file order */
    size_t n_fw;
    rpo_pseudonymizer respondents; /* keys respondents for frameworks */
    rpo_store *store;              /* NULL: the engagement keeps no history */
    char config_hash[65];
    long long run_id;              /* this run's open transaction in the store */
    long long prev_run_id;         /* the last committed run, 0 when none */
    char prev_as_of[11];           /* its as-of date, "" when none */
} run;

/* The store's side of one source's rejections and kept records. */
typedef struct source_store {
    run *r;
    const char *source;            /* the instance name */
    unsigned long long rejects;    /* rejections offered to the store */
    int status;                    /* the first store failure */
} source_store;

/* A framework instance of the run and what it was given. */
typedef struct fw {
    rpo_instance *in;
    const char *instrument;
    unsigned long long accepted, rejected;
    rpo_assessment *assessment;
    rpo_assessment_group_view *groups;
} fw;

/* What survey_consume needs: the run, and the model's shard. */
typedef struct survey_arg {
    run *r;
    rpo_shard *shard;
} survey_arg;

/*
 * The consumer of survey records when frameworks run. The model's own checks
 * come first; then every framework reading the response's instrument takes
 * it or refuses it for itself (an ADKAR instance per group refuses the
 * others' groups). The record is rejected when no framework reading its
 * instrument can use it, with the first framework's reason; then the model
 * adds it up.
 */
static int survey_consume(void *arg, const rpo_record *rec, const char **why, int *field)
{
    survey_arg *sa = arg;
    run *r = sa->r;
    const rpo_value *v = rec->v;
    if (rpo_model_survey_check(sa->shard->m, rec, why, field))
        return 1;
    if (v[SURVEY_DATE].u.day <= r->as_of) {
        char label[16], text[3][256], key[RPO_PSEUDONYM_HEX + 1] = "";
        const int fields[3] = {SURVEY_ITEM, SURVEY_GROUP, SURVEY_INSTRUMENT};
        for (int k = 0; k < 3; k++) {
            size_t len = RPO_HAS(rec, fields[k]) ? v[fields[k]].len : 0;
            if (len >= sizeof text[k])
                len = sizeof text[k] - 1;
            memcpy(text[k], len ? v[fields[k]].text : "", len);
            text[k][len] = '\0';
        }
        if (RPO_HAS(rec, SURVEY_RESPONDENT))
            rpo_pseudonymize(&r->respondents, v[SURVEY_RESPONDENT].text, v[SURVEY_RESPONDENT].len, key);
        int p = rpo_period_of(&r->reg.opt.cal, v[SURVEY_DATE].u.day);
        rpo_period_label(&r->reg.opt.cal, p, label);
        rpo_survey_item item = {text[0], v[SURVEY_SCORE].u.number, text[1], key, p, label,
                                rec->file, rec->line};
        int matched = 0, taken = 0;
        const char *first_why = NULL;
        int first_field = SURVEY_ITEM;
        for (size_t i = 0; i < r->n_fw; i++) {
            fw *f = &r->fw[i];
            if (strcmp(f->instrument, text[2]) != 0)
                continue;
            const char *reason = NULL;
            int rc = f->in->plugin->survey(f->in->ctx, &item, &reason);
            if (rc < 0)
                return rc;
            matched = 1;
            if (rc == 0) {
                f->accepted++;
                taken = 1;
            } else {
                f->rejected++;
                if (!first_why) {
                    first_why = reason ? reason : "the framework refused the response";
                    first_field = rc == 2 ? SURVEY_SCORE : rc == 3 ? SURVEY_GROUP : SURVEY_ITEM;
                }
            }
        }
        if (matched && !taken) {
            *why = first_why;
            *field = first_field;
            return 1;
        }
    }
    return rpo_model_consume(sa->shard, rec, why, field);
}

/* Reads the [engagement] values the engine itself uses. */
static int read_engagement(run *r)
{
    const rpo_cfg_section *eng = rpo_cfg_find(r->cfg, "engagement");
    const rpo_cfg_entry *e = rpo_cfg_entry_find(eng, "min_n");
    long min_n = 5;
    const char *why;
    if (e && (rpo_parse_integer(e->value, strlen(e->value), 1, 1000000, &min_n, &why) != 0))
        return rpo_cfg_error(r->lg, r->cfg, eng, "min_n", e->line, "must be a whole number from 1 to 1000000");
    r->min_n = (unsigned)min_n;
    e = rpo_cfg_entry_find(eng, "threads");
    long threads = 0;
    if (e && (rpo_parse_integer(e->value, strlen(e->value), 0, 16, &threads, &why) != 0))
        return rpo_cfg_error(r->lg, r->cfg, eng, "threads", e->line,
                             "must be a whole number from 0 (one per CPU) to 16");
    if (threads == 0) {
        long cpus = sysconf(_SC_NPROCESSORS_ONLN);
        threads = cpus < 1 ? 1 : cpus > 16 ? 16 : cpus;
    }
    r->threads = (unsigned)threads;
    const char *cur = rpo_cfg_value(eng, "currency", "");
    if (*cur && (strlen(cur) != 3 || cur[0] < 'A' || cur[0] > 'Z' || cur[1] < 'A' || cur[1] > 'Z' ||
                 cur[2] < 'A' || cur[2] > 'Z'))
        return rpo_cfg_error(r->lg, r->cfg, eng, "currency", rpo_cfg_entry_find(eng, "currency")->line,
                             "must be an ISO 4217 code of three capital letters, e.g. EUR");
    const char *phase = rpo_cfg_value(eng, "phase", "");
    if (*phase && strcmp(phase, "build") && strcmp(phase, "run") && strcmp(phase, "improve"))
        return rpo_cfg_error(r->lg, r->cfg, eng, "phase", rpo_cfg_entry_find(eng, "phase")->line,
                             "must be build, run or improve (Build, Run, Continue Improving)");
    const rpo_cfg_entry *kf = rpo_cfg_entry_find(eng, "pseudonym_key_file");
    char *key_path = kf ? rpo_path_join(r->cfg->dir, kf->value) : NULL;
    int rc = rpo_pseudonym_load(&r->pseudo, key_path, r->lg);
    free(key_path);
    return rc;
}

/* Loads the plugin of every plugin section and checks its keys. */
static int open_instances(run *r)
{
    int status = RPO_OK;
    r->inst = rpo_xcalloc(r->cfg->n_sections, sizeof *r->inst);
    r->kind = rpo_xcalloc(r->cfg->n_sections, sizeof *r->kind);
    for (size_t i = 0; i < r->cfg->n_sections; i++) {
        const rpo_cfg_section *s = &r->cfg->sections[i];
        if (s->kind != RPO_SEC_SOURCE && s->kind != RPO_SEC_SINK && s->kind != RPO_SEC_FRAMEWORK)
            continue;
        const rpo_config_key *core = s->kind == RPO_SEC_SOURCE      ? rpo_source_core_keys
                                     : s->kind == RPO_SEC_FRAMEWORK ? rpo_framework_core_keys
                                                                    : rpo_plugin_core_keys;
        if (s->kind == RPO_SEC_SOURCE) {
            const rpo_cfg_entry *rk = rpo_cfg_entry_find(s, "record");
            if (rk && rpo_record_kind_lookup(rk->value) < 0) {
                const char *best = NULL;
                size_t bd = (size_t)-1;
                for (int k = 0; k < RPO_REC_KIND_COUNT; k++) {
                    size_t d = rpo_edit_distance(rk->value, rpo_record_kind_name((rpo_record_kind)k));
                    if (d < bd)
                        bd = d, best = rpo_record_kind_name((rpo_record_kind)k);
                }
                rpo_cfg_error(r->lg, r->cfg, s, "record", rk->line,
                              "unknown record kind '%s'; did you mean '%s'?", rk->value, best);
                status = RPO_ECONFIG;
                continue;
            }
        }
        rpo_instance tmp;
        memset(&tmp, 0, sizeof tmp);
        int rc = rpo_instance_open(&r->loader, r->cfg, s, core, &tmp);
        if (rc != RPO_OK) {
            if (status == RPO_OK || rc == RPO_EUNAVAIL)
                status = rc;
            continue;
        }
        if (s->kind == RPO_SEC_SOURCE)
            r->kind[r->n_inst] = (rpo_record_kind)rpo_record_kind_lookup(rpo_cfg_value(s, "record", ""));
        r->inst[r->n_inst++] = tmp;
    }
    return status;
}

static int parse_as_of(run *r)
{
    if (r->opt->as_of) {
        const char *why;
        if (strlen(r->opt->as_of) != 10 ||
            rpo_date_parse_iso(r->opt->as_of, 10, &r->as_of, &why) != 0) {
            rpo_logf(r->lg, NULL, RPO_LOG_ERROR, "--as-of %s: %s (expected YYYY-MM-DD)",
                     r->opt->as_of, "not a valid date");
            return RPO_ECONFIG;
        }
        return RPO_OK;
    }
    time_t now = time(NULL);
    r->as_of = (rpo_day)(now / 86400);
    return RPO_OK;
}

/* Keeps a rejection in the store: the first RPO_REJECTS_STORED of a source. */
static void store_reject(void *arg, const char *file, unsigned long line, const char *field,
                         const char *reason)
{
    source_store *ss = arg;
    if (ss->status != RPO_OK || ss->rejects++ >= RPO_REJECTS_STORED)
        return;
    char location[1024];
    snprintf(location, sizeof location, "%s:%lu", file, line);
    ss->status = rpo_store_add_reject(ss->r->store, ss->r->run_id, location, field, reason);
}

static int keeper_start(void *arg, int full)
{
    source_store *ss = arg;
    /* A full fetch replaces what was kept: records deleted upstream go too. */
    return full ? rpo_store_records_clear(ss->r->store, ss->r->run_id, ss->source) : RPO_OK;
}

static int keeper_keep(void *arg, const struct rpo_emitter *em, const char *key, const char *fields)
{
    source_store *ss = arg;
    return rpo_store_record_put(ss->r->store, ss->r->run_id, ss->source, key, em->file, em->line,
                                fields);
}

/* Replaying kept records: the emitter, and every location seen (the
 * emitter tells locations apart by pointer, so none may be freed early). */
typedef struct replay {
    struct rpo_emitter *em;
    char **locations;
    size_t n_locations;
} replay;

static int replay_one(void *arg, const char *location, unsigned long line, const char *fields)
{
    replay *rp = arg;
    if (!rp->n_locations || strcmp(rp->locations[rp->n_locations - 1], location) != 0) {
        rp->locations = rpo_xrealloc(rp->locations, (rp->n_locations + 1) * sizeof *rp->locations);
        rp->locations[rp->n_locations++] = rpo_xstrdup(location);
    }
    rpo_record_begin(rp->em, rp->locations[rp->n_locations - 1], line);
    if (rpo_emitter_fields_parse(rp->em, fields) != RPO_OK)
        rpo_record_reject(rp->em, "a record kept in the store is unreadable; run with --full-sync");
    int rc = rpo_record_end(rp->em);
    return rc == RPO_OK ? 0 : rc;
}

/*
 * After an incremental source's read: saves the cursor it set, then feeds
 * every record kept for it (the ones just fetched included) through EM to
 * the model. Adds the outcome to S.
 */
static int replay_kept(run *r, rpo_instance *in, const struct rpo_emitter *fetched,
                       struct rpo_emitter *em, rpo_source_summary *s)
{
    int rc = RPO_OK;
    if (fetched->cursor_out)
        rc = rpo_store_cursor_set(r->store, r->run_id, in->section->instance, fetched->cursor_out);
    replay rp = {em, NULL, 0};
    if (rc == RPO_OK)
        rc = rpo_store_records_each(r->store, in->section->instance, replay_one, &rp);
    for (size_t i = 0; i < rp.n_locations; i++)
        free(rp.locations[i]);
    free(rp.locations);
    rpo_logf(r->lg, in->prefix, RPO_LOG_INFO, "fetched %llu changed records; %llu kept in the store",
             fetched->kept, em->read);
    /* The source's own rejections (rows it could not map) and the kept records' outcome. */
    s->read = em->read + fetched->rejected;
    s->accepted = em->accepted;
    s->rejected = em->rejected + fetched->rejected;
    return rc;
}

/* One part of a source read in parallel: its own emitter and tally. */
typedef struct part_job {
    rpo_instance *in;
    struct rpo_emitter em;
    rpo_tally tally;
    rpo_shard shard;
    unsigned part, parts;
    int rc;
    pthread_t thread;
    int started;
} part_job;

static void *part_main(void *arg)
{
    part_job *j = arg;
    j->rc = j->in->plugin->read_part(j->in->ctx, &j->em, j->part, j->parts);
    return NULL;
}

/*
 * Reads source IN in r->threads parts at once, each into its own tally, and
 * merges them into M in part order, so the result equals a sequential read.
 * Sets *RETRY when a part asked for a sequential read instead (nothing of
 * the parts is kept then). Returns RPO_OK or the first part's failure.
 */
static int read_parallel(run *r, rpo_model *m, rpo_instance *in, rpo_record_kind kind,
                         rpo_source_summary *s, source_store *ss, int *retry)
{
    unsigned parts = r->threads;
    part_job *jobs = rpo_xcalloc(parts, sizeof *jobs);
    for (unsigned k = 0; k < parts; k++) {
        part_job *j = &jobs[k];
        j->in = in;
        j->part = k;
        j->parts = parts;
        rpo_tally_init(&j->tally);
        rpo_shard_init(&j->shard, m, &j->tally);
        rpo_emitter_init(&j->em, kind, r->lg, in->prefix, rpo_model_consume, &j->shard);
        rpo_emitter_pseudonymize(&j->em, &r->pseudo);
        rpo_emitter_hold(&j->em);
        if (r->store)
            rpo_emitter_rejects(&j->em, (rpo_reject_sink){store_reject, ss});
    }
    for (unsigned k = 1; k < parts; k++)
        jobs[k].started = pthread_create(&jobs[k].thread, NULL, part_main, &jobs[k]) == 0;
    part_main(&jobs[0]);
    for (unsigned k = 1; k < parts; k++) {
        if (jobs[k].started)
            pthread_join(jobs[k].thread, NULL);
        else
            part_main(&jobs[k]); /* no thread to be had: read it here */
    }
    int rc = RPO_OK;
    *retry = 0;
    for (unsigned k = 0; k < parts && rc == RPO_OK; k++) {
        if (jobs[k].rc == RPO_ERETRY)
            *retry = 1;
        else if (jobs[k].rc != RPO_OK)
            rc = jobs[k].rc > 0 ? RPO_ERR : jobs[k].rc;
    }
    if (rc == RPO_OK && !*retry) {
        unsigned budget = RPO_REJECTS_LOGGED;
        for (unsigned k = 0; k < parts; k++) {
            rpo_tally_merge(&m->tally, &jobs[k].tally);
            rpo_emitter_replay(&jobs[k].em, &budget);
            if (r->store)
                rpo_emitter_flush_rejects(&jobs[k].em);
            s->read += jobs[k].em.read;
            s->accepted += jobs[k].em.accepted;
            s->rejected += jobs[k].em.rejected;
        }
        if (s->rejected > RPO_REJECTS_LOGGED)
            rpo_logf(r->lg, in->prefix, RPO_LOG_WARN,
                     "%llu more rejected records not shown (%llu rejected of %llu read)",
                     s->rejected - RPO_REJECTS_LOGGED, s->rejected, s->read);
    }
    for (unsigned k = 0; k < parts; k++) {
        rpo_emitter_fini(&jobs[k].em);
        rpo_tally_free(&jobs[k].tally);
    }
    free(jobs);
    return rc;
}

/*
 * Reads source IN in one piece, in this thread, straight into M's tally;
 * with a store, its rejections are kept, and when it reads incrementally
 * its records are kept and then replayed from the store.
 */
static int read_whole(run *r, rpo_model *m, rpo_instance *in, rpo_record_kind kind,
                      rpo_source_summary *s, source_store *ss)
{
    struct rpo_emitter em, kept;
    rpo_shard shard;
    rpo_shard_init(&shard, m, &m->tally);
    survey_arg sa = {r, &shard};
    struct rpo_emitter *ems[2] = {&em, &kept};
    for (int k = 0; k < 2; k++) {
        if (kind == RPO_REC_SURVEY && r->n_fw)
            rpo_emitter_init(ems[k], kind, r->lg, in->prefix, survey_consume, &sa);
        else
            rpo_emitter_init(ems[k], kind, r->lg, in->prefix, rpo_model_consume, &shard);
        rpo_emitter_pseudonymize(ems[k], &r->pseudo);
        if (r->store)
            rpo_emitter_rejects(ems[k], (rpo_reject_sink){store_reject, ss});
    }
    char *cursor = NULL;
    const rpo_emit_keeper keeper = {keeper_start, keeper_keep, ss};
    int rc = RPO_OK;
    if (r->store) {
        if (!r->opt->full_sync)
            rc = rpo_store_cursor_get(r->store, in->section->instance, &cursor);
        rpo_emitter_keep(&em, &keeper, cursor);
    }
    if (rc == RPO_OK)
        rc = in->plugin->read(in->ctx, &em);
    if (rc > 0)
        rc = RPO_ERR;
    if (rc == RPO_OK && em.keep_status != RPO_OK)
        rc = em.keep_status;
    if (rc == RPO_OK && em.keeper && em.synced) {
        rc = replay_kept(r, in, &em, &kept, s);
    } else {
        s->read = em.read;
        s->accepted = em.accepted;
        s->rejected = em.rejected;
    }
    rpo_emitter_fini(&kept);
    rpo_emitter_fini(&em);
    free(cursor);
    return rc;
}

/* Reads every source in record-kind order into M; fills SUMMARY. */
static int read_sources(run *r, rpo_model *m, rpo_source_summary *summary, size_t *n_summary,
                        unsigned long long *rejected)
{
    *n_summary = 0;
    *rejected = 0;
    for (int o = 0; o < RPO_REC_KIND_COUNT; o++) {
        rpo_record_kind kind = rpo_record_kind_order[o];
        for (size_t i = 0; i < r->n_inst; i++) {
            rpo_instance *in = &r->inst[i];
            if (in->section->kind != RPO_SEC_SOURCE || r->kind[i] != kind ||
                (r->opt->sample && kind != RPO_REC_REQUISITION))
                continue;
            rpo_source_summary *s = &summary[(*n_summary)++];
            memset(s, 0, sizeof *s);
            s->instance = in->section->instance;
            s->plugin = in->plugin->name;
            s->record = rpo_record_kind_name(kind);
            int rc, retry = 1;
            source_store ss = {r, in->section->instance, 0, RPO_OK};
            /* Frameworks take survey responses in input order: one piece. */
            if (r->threads > 1 && rpo_record_kind_parallel(kind) &&
                !(kind == RPO_REC_SURVEY && r->n_fw) &&
                RPO_PLUGIN_HAS(in->plugin, read_part) && in->plugin->read_part) {
                size_t mark = rpo_model_segment_mark(m);
                rc = read_parallel(r, m, in, kind, s, &ss, &retry);
                if (retry) /* the parts' segment values go with their tallies */
                    rpo_model_segment_rollback(m, mark);
                if (rc == RPO_OK && retry)
                    rpo_logf(r->lg, in->prefix, RPO_LOG_INFO,
                             "cannot be read in parts; reading it in one piece");
            }
            if (retry) {
                ss.rejects = 0; /* the parts' rejections were not kept */
                rc = read_whole(r, m, in, kind, s, &ss);
            }
            if (rc == RPO_OK && ss.status != RPO_OK)
                rc = ss.status;
            *rejected += s->rejected;
            rpo_logf(r->lg, in->prefix, RPO_LOG_INFO, "read %llu records: %llu accepted, %llu rejected",
                     s->read, s->accepted, s->rejected);
            if (rc == RPO_EINTR)
                return rc; /* main says so */
            if (rc != RPO_OK) {
                rpo_logf(r->lg, in->prefix, RPO_LOG_ERROR, "source failed; no report was written");
                return rc;
            }
        }
        rpo_model_kind_done(m, kind);
    }
    return RPO_OK;
}

static int write_sinks(run *r, const rpo_report *rep)
{
    int status = RPO_OK;
    for (size_t i = 0; i < r->n_inst; i++) {
        rpo_instance *in = &r->inst[i];
        if (in->section->kind != RPO_SEC_SINK)
            continue;
        if (rpo_interrupted()) /* the sinks written so far stay written */
            return RPO_EINTR;
        int rc = in->plugin->write(in->ctx, rep);
        if (rc != RPO_OK && status == RPO_OK)
            status = rc > 0 ? RPO_ERR : rc;
    }
    return status;
}

/* The store's path: [store] path, else $STATE_DIRECTORY/store.sqlite (what
 * systemd gives a service), else none (malloc'd, or NULL). */
static char *store_path(const run *r)
{
    const rpo_cfg_section *st = rpo_cfg_find(r->cfg, "store");
    const rpo_cfg_entry *e = rpo_cfg_entry_find(st, "path");
    if (e)
        return rpo_path_join(r->cfg->dir, e->value);
    const char *dir = getenv("STATE_DIRECTORY");
    if (!dir || !*dir)
        return NULL;
    size_t len = strcspn(dir, ":"); /* the first of several */
    char *p = rpo_xcalloc(len + sizeof "/store.sqlite", 1);
    memcpy(p, dir, len);
    strcat(p, "/store.sqlite");
    return p;
}

/* The hex SHA-256 of the configuration file, for the run's history row. */
static void hash_config(run *r)
{
    FILE *f = fopen(r->cfg->path, "rb");
    unsigned char buf[8192], md[EVP_MAX_MD_SIZE];
    unsigned len = 0;
    EVP_MD_CTX *ctx = EVP_MD_CTX_new();
    r->config_hash[0] = '\0';
    if (f && ctx && EVP_DigestInit_ex(ctx, EVP_sha256(), NULL) == 1) {
        size_t n;
        while ((n = fread(buf, 1, sizeof buf, f)) > 0)
            EVP_DigestUpdate(ctx, buf, n);
        if (!ferror(f) && EVP_DigestFinal_ex(ctx, md, &len) == 1)
            for (unsigned i = 0; i < len && i < 32; i++)
                snprintf(r->config_hash + 2 * i, 3, "%02x", md[i]);
    }
    EVP_MD_CTX_free(ctx);
    if (f)
        fclose(f);
}

/* Opens the engagement's store, if it keeps one, and takes its lock: two
 * runs of one engagement never interleave. */
static int open_store(run *r)
{
    char *path = store_path(r);
    if (!path)
        return RPO_OK;
    const rpo_cfg_section *st = rpo_cfg_find(r->cfg, "store");
    const rpo_cfg_entry *e = rpo_cfg_entry_find(st, "lock_timeout");
    long timeout = 60;
    const char *why;
    if (e && rpo_parse_integer(e->value, strlen(e->value), 0, 86400, &timeout, &why) != 0) {
        free(path);
        return rpo_cfg_error(r->lg, r->cfg, st, "lock_timeout", e->line,
                             "must be a whole number of seconds from 0 to 86400");
    }
    int rc = rpo_store_open(path, r->lg, &r->store);
    free(path);
    if (rc == RPO_OK)
        rc = rpo_store_lock(r->store, (unsigned)timeout * 1000u);
    if (rc == RPO_OK)
        rc = rpo_store_last_run(r->store, &r->prev_run_id, r->prev_as_of);
    if (rc != RPO_OK)
        return rc;
    /* The run's transaction is open from here: the records and cursors
     * incremental sources keep, the rejections, the report's cells — all
     * are committed together after the sinks wrote, or not at all. */
    hash_config(r);
    char asof[11];
    rpo_date_format(r->as_of, asof);
    const rpo_cfg_section *eng = rpo_cfg_find(r->cfg, "engagement");
    rpo_store_run row = {rpo_cfg_value(eng, "name", ""), asof, NULL, r->config_hash};
    return rpo_store_begin_run(r->store, &row, &r->run_id);
}

/*
 * Writes the sinks inside the store's transaction for this run: the run's
 * history row, its sources and every cell of REP are committed only when
 * every sink has written (each sink's file is itself replaced atomically),
 * so an interrupted run leaves the store as it was.
 */
static int write_run(run *r, const rpo_report *rep, const rpo_source_summary *sources,
                     size_t n_sources)
{
    if (!r->store)
        return write_sinks(r, rep);
    long long id = r->run_id;
    int rc = RPO_OK;
    for (size_t i = 0; i < n_sources && rc == RPO_OK; i++)
        rc = rpo_store_add_source(r->store, id, &sources[i]);
    if (rc == RPO_OK)
        rc = rpo_store_add_report(r->store, id, rep);
    if (rc == RPO_OK)
        rc = rpo_store_add_achievements(r->store, id, rep);
    if (rc == RPO_OK)
        rc = write_sinks(r, rep);
    if (rc == RPO_OK && rpo_interrupted())
        rc = RPO_EINTR;
    if (rc == RPO_OK)
        rc = rpo_store_commit_run(r->store, id, "ok", NULL);
    else
        rpo_store_rollback_run(r->store);
    return rc;
}

/*
 * Lists the framework instances and keys their respondents: with the
 * engagement's pseudonym key when there is one, else with a key drawn for
 * this run only (frameworks only need to tell respondents apart).
 */
static int open_frameworks(run *r)
{
    r->fw = rpo_xcalloc(r->n_inst ? r->n_inst : 1, sizeof *r->fw);
    for (size_t i = 0; i < r->n_inst; i++) {
        rpo_instance *in = &r->inst[i];
        if (in->section->kind != RPO_SEC_FRAMEWORK)
            continue;
        fw *f = &r->fw[r->n_fw++];
        f->in = in;
        f->instrument = rpo_cfg_value(in->section, "instrument", in->plugin->name);
    }
    if (r->pseudo.key_len) {
        r->respondents = r->pseudo;
    } else if (r->n_fw) {
        r->respondents.key_len = 32;
        if (RAND_bytes(r->respondents.key, 32) != 1) {
            rpo_logf(r->lg, NULL, RPO_LOG_ERROR, "cannot draw a random key for respondents");
            return RPO_ERR;
        }
    }
    return RPO_OK;
}

/* Asks every framework for its assessment; *VIEWS gets one view each. */
static int assess_frameworks(run *r, rpo_framework_view **views)
{
    *views = rpo_xcalloc(r->n_fw ? r->n_fw : 1, sizeof **views);
    for (size_t i = 0; i < r->n_fw; i++) {
        fw *f = &r->fw[i];
        f->assessment = rpo_assessment_new(&r->reg.opt.cal);
        int rc = f->in->plugin->assess(f->in->ctx, f->assessment);
        if (rc != RPO_OK) {
            rpo_logf(r->lg, f->in->prefix, RPO_LOG_ERROR, "assessment failed; no report was written");
            return rc > 0 ? RPO_ERR : rc;
        }
        rpo_framework_view *v = &(*views)[i];
        rpo_assessment_view(f->assessment, v, &f->groups);
        v->instance = f->in->section->instance;
        v->framework = f->in->plugin->name;
        v->instrument = f->instrument;
        v->accepted = f->accepted;
        v->rejected = f->rejected;
    }
    return RPO_OK;
}


/* rpo sample: the requisitions, then the sample instead of a report. */
static int sample_engagement(run *r)
{
    const rpo_cfg_section *eng = rpo_cfg_find(r->cfg, "engagement");
    rpo_model m;
    rpo_model_init(&m, r->as_of, rpo_cfg_value(eng, "currency", ""), &r->reg.opt);
    size_t n_sources = r->n_inst ? r->n_inst : 1, n_summary;
    rpo_source_summary *summary = rpo_xcalloc(n_sources, sizeof *summary);
    unsigned long long rejected;
    int rc = read_sources(r, &m, summary, &n_summary, &rejected);
    if (rc == RPO_OK) {
        rpo_model_finish(&m); /* the periods the requisitions span */
        rc = rpo_sample_hiring_managers(&m, &r->pseudo, r->opt->sample, r->lg,
                                        r->opt->sample_out);
    }
    free(summary);
    rpo_model_free(&m);
    return rc;
}

static int run_engagement(run *r)
{
    int rc = parse_as_of(r);
    if (rc == RPO_OK)
        rc = rpo_cfg_load(r->opt->config_path, r->lg, &r->cfg);
    if (rc != RPO_OK)
        return rc;
    rc = read_engagement(r);
    if (rc != RPO_OK)
        return rc;
    const rpo_cfg_section *eng = rpo_cfg_find(r->cfg, "engagement");
    if (rpo_loader_init(&r->loader, r->lg, r->cfg->dir, rpo_cfg_value(eng, "plugin_path", NULL)) != RPO_OK)
        return RPO_ERR;
    r->loader_up = 1;
    rc = open_instances(r);
    if (rc != RPO_OK)
        return rc;
    size_t n_sources = 0, n_sinks = 0;
    for (size_t i = 0; i < r->n_inst; i++) {
        n_sources += r->inst[i].section->kind == RPO_SEC_SOURCE;
        n_sinks += r->inst[i].section->kind == RPO_SEC_SINK;
    }
    for (size_t i = 0; i < r->n_inst; i++) {
        rc = rpo_instance_create(&r->inst[i]);
        if (rc != RPO_OK)
            return rc;
    }
    /* After create(): plugin metrics compute with their instance's context. */
    rc = rpo_registry_load(&r->reg, r->cfg, r->lg, r->inst, r->n_inst);
    r->reg_up = 1;
    if (!n_sinks) {
        rpo_logf(r->lg, NULL, RPO_LOG_ERROR,
                 "%s: no [sink.NAME] section, so a run would show nothing; add e.g. "
                 "[sink.console] with plugin = console",
                 r->cfg->path);
        rc = RPO_ECONFIG;
    }
    if (rc != RPO_OK || r->opt->validate_only)
        return rc;
    if (r->opt->sample)
        return sample_engagement(r);
    rc = open_frameworks(r);
    if (rc == RPO_OK)
        rc = open_store(r);
    if (rc != RPO_OK)
        return rc;

    rpo_model m;
    rpo_model_init(&m, r->as_of, rpo_cfg_value(eng, "currency", ""), &r->reg.opt);
    rpo_source_summary *summary = rpo_xcalloc(n_sources ? n_sources : 1, sizeof *summary);
    size_t n_summary;
    unsigned long long rejected;
    rc = read_sources(r, &m, summary, &n_summary, &rejected);
    if (rc == RPO_OK) {
        rpo_model_finish(&m);
        char asof[11];
        rpo_date_format(r->as_of, asof);
        rpo_report_header h = {
            .engagement = rpo_cfg_value(eng, "name", ""),
            .client = rpo_cfg_value(eng, "client", ""),
            .provider = rpo_cfg_value(eng, "provider", ""),
            .currency = rpo_cfg_value(eng, "currency", ""),
            .as_of = asof,
            .generator = "rpo " PACKAGE_VERSION,
            .min_n = r->min_n,
            .phase = rpo_cfg_value(eng, "phase", ""),
            .previous_run_as_of = r->prev_as_of,
        };
        if (r->opt->strict && rejected) {
            /* Checked before any sink runs: strict runs never publish a report. */
            rpo_logf(r->lg, NULL, RPO_LOG_ERROR,
                     "%llu records were rejected and --strict is set; no report was written; "
                     "fix the rows named above",
                     rejected);
            rc = RPO_EDATA;
        } else {
            rpo_report *rep = NULL;
            rpo_framework_view *views = NULL;
            rc = assess_frameworks(r, &views);
            if (rc == RPO_OK)
                rc = rpo_report_build(&m, &r->reg, &h, summary, n_summary, &rep);
            if (rc == RPO_OK)
                rc = rpo_report_apply_previous_run(rep, r->store, r->prev_run_id);
            if (rc == RPO_OK) {
                rpo_report_set_frameworks(rep, views, r->n_fw);
                rc = write_run(r, rep, summary, n_summary);
            }
            rpo_report_free(rep);
            free(views);
        }
    }
    free(summary);
    rpo_model_free(&m);
    return rc;
}

int rpo_engine_run(const rpo_run_options *opt)
{
    run r;
    memset(&r, 0, sizeof r);
    r.opt = opt;
    r.lg = opt->lg;
    int rc = run_engagement(&r);
    rpo_store_close(r.store);
    if (r.reg_up)
        rpo_registry_free(&r.reg);
    for (size_t i = 0; i < r.n_inst; i++)
        rpo_instance_close(&r.inst[i]);
    free(r.inst);
    free(r.kind);
    for (size_t i = 0; i < r.n_fw; i++) {
        rpo_assessment_free(r.fw[i].assessment);
        free(r.fw[i].groups);
    }
    free(r.fw);
    rpo_pseudonym_wipe(&r.respondents);
    if (r.loader_up)
        rpo_loader_fini(&r.loader);
    rpo_pseudonym_wipe(&r.pseudo);
    rpo_cfg_free(r.cfg);
    return rc;
}

static const char *key_type_name(rpo_key_type t)
{
    switch (t) {
    case RPO_KEY_INT: return "int";
    case RPO_KEY_BOOL: return "bool";
    case RPO_KEY_PATH: return "path";
    case RPO_KEY_SECRET: return "secret";
    default: return "string";
    }
}

/* Prints one key table, as `rpo plugins` shows it. */
static void print_keys(FILE *out, const rpo_config_key *keys)
{
    for (const rpo_config_key *k = keys; k && k->name; k++) {
        fprintf(out, "    %-22s %-6s %s", k->name, key_type_name(k->type), k->help ? k->help : "");
        if (k->flags & RPO_KEY_REQUIRED)
            fputs(" (required)", out);
        else if (k->default_value && *k->default_value)
            fprintf(out, " (default: %s)", k->default_value);
        fputc('\n', out);
    }
}

static void print_plugin(void *arg, const rpo_plugin *p, const char *file)
{
    FILE *out = arg;
    fprintf(out, "%s %s %s — %s\n    file: %s\n", rpo_plugin_kind_name(p->kind), p->name,
            p->version, p->description, file);
    const rpo_config_key *core = p->kind == RPO_PLUGIN_SOURCE      ? rpo_source_core_keys
                                 : p->kind == RPO_PLUGIN_FRAMEWORK ? rpo_framework_core_keys
                                                                   : rpo_plugin_core_keys;
    print_keys(out, core);
    print_keys(out, p->keys);
    fputc('\n', out);
}

int rpo_engine_list_plugins(const char *config_path, const rpo_logger *lg, FILE *out)
{
    rpo_cfg *cfg = NULL;
    if (config_path) {
        int rc = rpo_cfg_load(config_path, lg, &cfg);
        if (rc != RPO_OK)
            return rc;
    }
    const rpo_cfg_section *eng = cfg ? rpo_cfg_find(cfg, "engagement") : NULL;
    rpo_loader ld;
    int rc = rpo_loader_init(&ld, lg, cfg ? cfg->dir : NULL, rpo_cfg_value(eng, "plugin_path", NULL));
    if (rc == RPO_OK) {
        fputs("Search path:", out);
        for (size_t i = 0; i < ld.n_dirs; i++)
            fprintf(out, " %s", ld.dirs[i]);
        fputs("\n\n", out);
        int refused = rpo_loader_each(&ld, print_plugin, out);
        rpo_loader_fini(&ld);
        rc = refused ? RPO_EUNAVAIL : RPO_OK;
    }
    rpo_cfg_free(cfg);
    return rc;
}

int rpo_engine_history(const char *config_path, const char *metric, const rpo_logger *lg,
                       FILE *out)
{
    run r;
    memset(&r, 0, sizeof r);
    r.lg = lg;
    int rc = rpo_cfg_load(config_path, lg, &r.cfg);
    if (rc != RPO_OK)
        return rc;
    char *path = store_path(&r);
    if (!path) {
        rpo_logf(lg, NULL, RPO_LOG_ERROR,
                 "%s: the engagement keeps no store; set [store] path (or run it under systemd, "
                 "which sets STATE_DIRECTORY)",
                 config_path);
        rc = RPO_ECONFIG;
    } else if (access(path, F_OK) != 0) {
        rpo_logf(lg, NULL, RPO_LOG_ERROR, "%s: no store yet; a run creates it", path);
        rc = RPO_ENOINPUT;
    } else {
        rpo_store *st = NULL;
        rc = rpo_store_open(path, lg, &st);
        if (rc == RPO_OK)
            rc = rpo_store_history(st, metric, out);
        rpo_store_close(st);
    }
    free(path);
    rpo_cfg_free(r.cfg);
    return rc;
}

void rpo_engine_list_metrics(FILE *f)
{
    for (size_t i = 0; i < rpo_metric_catalogue_size; i++) {
        const rpo_metric_info *m = &rpo_metric_catalogue[i].info;
        fprintf(f, "%s — %s\n    unit: %s; %s; period by: %s; process area: %s%s\n    segments:",
                m->id, m->name, rpo_unit_name(m->unit), rpo_direction_name(m->direction),
                m->period_event, m->process_area,
                m->distribution ? "; value = median, with mean and p90" : "");
        for (const char *const *d = m->dimensions; d && *d; d++)
            fprintf(f, " %s", *d);
        fprintf(f, "\n    %s\n\n", m->definition);
    }
}
