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

/* How many rejections of one source a run keeps in the store (all are counted). */
#define RPO_REJECTS_STORED 1000

/*
 * Where rejections go besides the log: FN(ARG, FILE, LINE, FIELD, REASON)
 * with the field at fault (NULL: the row as a whole) and the bare reason,
 * never the row's values. Called in input order.
 */
typedef struct rpo_reject_sink {
    void (*fn)(void *arg, const char *file, unsigned long line, const char *field,
               const char *reason);
    void *arg;
} rpo_reject_sink;

/* A rejection an emitter of one part holds until the parts are merged. */
typedef struct rpo_held_reject {
    char *file, *field, *reason;
    unsigned long line;
} rpo_held_reject;

/*
 * What the engine does with the records of a source that reads
 * incrementally (rpo_source_sync): START(ARG, FULL) once, FULL when it
 * fetches everything; then KEEP(ARG, EM, KEY, FIELDS) for each record
 * instead of validating it, with its key and its fields serialized
 * (rpo_emitter_fields_parse reads them back). Both return RPO_OK or a
 * negative status that stops the run.
 */
typedef struct rpo_emit_keeper {
    int (*start)(void *arg, int full);
    int (*keep)(void *arg, const struct rpo_emitter *em, const char *key, const char *fields);
    void *arg;
} rpo_emit_keeper;

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
    const rpo_emit_keeper *keeper; /* NULL: records go to the model as they come */
    int keep_status;       /* the first failure of the keeper, returned by rpo_record_end */
    unsigned long long kept;
    char *replay;          /* unescaped fields of a kept record being replayed, owned */
    size_t replay_cap;
    rpo_reject_sink rejects;
    rpo_held_reject *held_rejects;
    size_t n_held_rejects;

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

/*
 * rpo_emitter_keep — with KEEPER (which must outlive EM) and the cursor
 * CURSOR saved by the last run (NULL: none; owned by the caller, valid
 * while EM is), a source that calls rpo_source_sync() has its records kept
 * by KEEPER rather than validated.
 */
void rpo_emitter_keep(struct rpo_emitter *em, const rpo_emit_keeper *keeper, const char *cursor);

/*
 * rpo_emitter_rejects — send EM's rejections to SINK as well (for a held
 * emitter: collect up to RPO_REJECTS_STORED of them for
 * rpo_emitter_flush_rejects).
 */
void rpo_emitter_rejects(struct rpo_emitter *em, rpo_reject_sink sink);

/* rpo_emitter_flush_rejects — hand the rejections a held EM collected to its sink. */
void rpo_emitter_flush_rejects(struct rpo_emitter *em);

/*
 * rpo_emitter_fields_parse — emit the FIELDS a keeper was given into EM's
 * current record (begun by the caller). Returns RPO_OK, or RPO_EDATA when
 * they are not in the form rpo_record_end serialized them.
 */
int rpo_emitter_fields_parse(struct rpo_emitter *em, const char *fields);

/* rpo_emitter_fini — log the summary of rejections not shown (not for a
 * held emitter: the engine sums its parts) and free. */
void rpo_emitter_fini(struct rpo_emitter *em);

#endif
