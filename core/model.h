/*
 * model.h — the engagement model: what the validated records add up to.
 *
 * Records stream through rpo_model_consume() once; the model keeps only
 * per-period accumulators (counts, exact money sums, duration histograms)
 * plus the few lookups joins need (requisitions by id; stage events by
 * application id when a stage_event source exists). Memory therefore grows
 * with the number of requisitions and periods, not with applications.
 *
 * Sources must be read in rpo_record_kind_order so that requisitions and
 * stage events are known before the applications that refer to them.
 */
#ifndef RPO_CORE_MODEL_H
#define RPO_CORE_MODEL_H

#include "date.h"
#include "hist.h"
#include "record_model.h"
#include "strmap.h"

/* The funnel stages an application can reach, in order. */
enum { FUNNEL_SCREENED, FUNNEL_SUBMITTED, FUNNEL_INTERVIEWED, FUNNEL_OFFERED, FUNNEL__N };

/* What one period (or the whole engagement) adds up to. */
typedef struct rpo_period_acc {
    uint64_t applications;           /* by application date */
    uint64_t reached[FUNNEL__N];     /* by application date (cohort) */
    uint64_t hires;                  /* by offer-accepted (else hired) date */
    uint64_t offers_accepted, offers_declined; /* by decision date */
    int64_t cost_total;              /* 1/RPO_MONEY_SCALE units, by cost date */
    uint64_t cost_records;           /* cost records behind cost_total */
    rpo_hist time_to_fill, time_to_hire; /* days, by offer-accepted date */
} rpo_period_acc;

typedef enum rpo_flag_code {
    FLAG_AFTER_AS_OF,
    FLAG_STAGE_BEFORE_APPLICATION,
    FLAG_STAGES_OUT_OF_ORDER,
    FLAG_ACCEPTED_AND_DECLINED,
    FLAG_UNKNOWN_REQUISITION,
    FLAG_NEGATIVE_TIME_TO_FILL,
    FLAG_HIRE_WITHOUT_DATE,
    FLAG_REQUISITION_DATES_OUT_OF_ORDER,
    FLAG_STAGE_EVENT_UNKNOWN_APPLICATION,
    FLAG__N
} rpo_flag_code;

typedef struct rpo_flag_count {
    uint64_t count;
    char *example; /* "file:line" of the first case, owned */
} rpo_flag_count;

/* The accumulators one stream of records adds to. Sources read in parallel
 * add to one tally per part; the parts are merged in order afterwards, and as
 * every accumulator is a sum (counts, exact money, histograms), the result
 * does not depend on how the records were split. */
typedef struct rpo_tally {
    rpo_day last_first, last_last; /* bounds of the quarter acc_for found last */
    int last_q;
    rpo_period_acc *periods; /* quarter q is periods[q - q_first] */
    int q_first, q_last;     /* q_first > q_last: none yet */
    rpo_period_acc overall;
    rpo_flag_count flags[FLAG__N];
} rpo_tally;

typedef struct rpo_model {
    rpo_day as_of;
    char currency[8]; /* the engagement's currency, "" = not checked */

    rpo_strmap requisitions; /* id → struct req_info */
    int have_requisitions;
    rpo_strmap stage_events; /* application id → struct evt_info */

    rpo_tally tally; /* sequential sources, and the sum of all parts */
} rpo_model;

/*
 * What rpo_model_consume adds a record to: the model's lookups and a tally.
 * For record kinds that rpo_record_kind_parallel() admits, several shards of
 * one model may consume at once from different threads, each with its own
 * tally: they only read the model's lookups.
 */
typedef struct rpo_shard {
    rpo_model *m;
    rpo_tally *t;
} rpo_shard;

/* The order sources are read in, by record kind (see top). */
extern const rpo_record_kind rpo_record_kind_order[RPO_REC_KIND_COUNT];

/* rpo_model_init — an empty model for a run as of AS_OF with CURRENCY (may be ""). */
void rpo_model_init(rpo_model *m, rpo_day as_of, const char *currency);

/* rpo_model_free — release everything. */
void rpo_model_free(rpo_model *m);

/* rpo_tally_init / rpo_tally_free — an empty tally; release one. */
void rpo_tally_init(rpo_tally *t);
void rpo_tally_free(rpo_tally *t);

/*
 * rpo_tally_merge — add everything of SRC to DST (SRC is left as it was).
 * A flag's example stays DST's when it has one: merge parts in file order.
 */
void rpo_tally_merge(rpo_tally *dst, const rpo_tally *src);

/*
 * rpo_record_kind_parallel — whether records of KIND may be consumed by
 * several shards at once: their effect is a sum, and they change no lookup.
 * Requisitions (duplicate ids keep the first) and stage events (they build
 * a lookup) are consumed in order, in one thread.
 */
int rpo_record_kind_parallel(rpo_record_kind kind);

/*
 * rpo_model_consume — the rpo_record_consumer (emit.h) for the model; SHARD
 * is an rpo_shard. Adds REC, flagging implausible data; returns 0
 * (accepted), or 1 with the reason in *WHY and the field in *FIELD when REC
 * contradicts the model (a duplicate requisition id, a cost in a foreign
 * currency).
 */
int rpo_model_consume(void *shard, const rpo_record *rec, const char **why, int *field);

/* rpo_model_finish — account for what can only be judged at the end (stage
 * events whose application never came). Call once after all sources. */
void rpo_model_finish(rpo_model *m);

/* rpo_flag_code_name / rpo_flag_description — a flag's stable id and text. */
const char *rpo_flag_code_name(rpo_flag_code f);
const char *rpo_flag_description(rpo_flag_code f);

#endif
