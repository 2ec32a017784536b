/*
 * emit.h — the engine side of rpo_emitter: per-source validation and counts.
 */
#ifndef RPO_CORE_EMIT_H
#define RPO_CORE_EMIT_H

#include <rpo/record.h>
#include "log.h"
#include "pseudonym.h"
#include "record_model.h"

/*
 * The consumer of validated records. Returns 0 to accept, 1 to reject with a
 * static reason in *WHY (and the field it concerns in *FIELD, or -1), or a
 * negative status to stop the run.
 */
typedef int (*rpo_record_consumer)(void *arg, const rpo_record *rec, const char **why,
                                   int *field);

/* How many rejections of one source are logged one by one; the rest are summed up. */
#define RPO_REJECTS_LOGGED 10

struct rpo_emitter {
    rpo_record_kind kind;
    const rpo_logger *lg;
    const char *prefix; /* "[source:apps]" */
    const rpo_pseudonymizer *pseudo; /* NULL or keyless: rejections name no person */
    int person_field;                /* the candidate/respondent id field, or -1 */
    rpo_record_consumer consume;
    void *consume_arg;
    char *date_format;

    const char *file; /* current location (a copy owned in files[]) */
    unsigned long line;
    const char *file_src; /* the pointer the source passed, to copy once */
    char **files;
    size_t n_files;

    const rpo_field_def *defs; /* the kind's field table, looked up once */
    int n_fields;
    uint64_t required;         /* bit F: field F is required */
    rpo_date_cache dates[RPO_MAX_FIELDS]; /* per field: runs of dates in one month are cheap */

    int open;     /* a record is begun and not ended */
    uint64_t set; /* fields set in the current record */
    uint64_t reached, reached_known;
    rpo_value raw[RPO_MAX_FIELDS];

    unsigned long long read, accepted, rejected;

    /* Incremental sources (rpo_source_sync). */
    const char *cursor_in; /* the saved cursor, NULL for a full fetch; owned by the engine */
    int synced;            /* the source called rpo_source_sync */
    char *cursor_out;      /* what it asked to save, owned */
    char *key;             /* the current record's key (rpo_record_key), owned */
    size_t key_len, key_cap;
    int keyed;             /* the current record has a key */

    int hold;      /* keep the first rejection messages instead of logging them */
    char **held;   /* up to RPO_REJECTS_LOGGED formatted lines */
    size_t n_held;
};

/*
 * rpo_emitter_init — set up EM for records of KIND going to CONSUME(ARG).
 * LG and PREFIX must outlive it. Free with rpo_emitter_fini.
 */
void rpo_emitter_init(struct rpo_emitter *em, rpo_record_kind kind, const rpo_logger *lg,
                      const char *prefix, rpo_record_consumer consume, void *arg);

/*
 * rpo_emitter_pseudonymize — with P (which must outlive EM) holding a key,
 * rejections of records that carry a candidate or respondent id name that
 * person by pseudonym ("candidate 031a…"), never by the raw id, so an
 * operator can find the row's person by pseudonymizing the ATS's ids.
 */
void rpo_emitter_pseudonymize(struct rpo_emitter *em, const rpo_pseudonymizer *p);

/*
 * rpo_emitter_hold — keep the first RPO_REJECTS_LOGGED rejection messages in
 * EM instead of logging them, for an emitter of one part of a source read in
 * parallel; rpo_emitter_replay then logs them in part order.
 */
void rpo_emitter_hold(struct rpo_emitter *em);

/*
 * rpo_emitter_replay — log the messages EM held, while *BUDGET (rejections
 * still to show for the source) lasts; decrements *BUDGET.
 */
void rpo_emitter_replay(struct rpo_emitter *em, unsigned *budget);

/* rpo_emitter_fini — log the summary of rejections not shown (not for a
 * held emitter: the engine sums its parts) and free. */
void rpo_emitter_fini(struct rpo_emitter *em);

#endif
