/*
 * model.h — the engagement model: what the validated records add up to.
 *
 * Records stream through rpo_model_consume() once. Applications, costs and
 * surveys are folded straight into accumulators (counts, exact money sums,
 * duration histograms) per period × segment, so memory grows with
 * requisitions, hires, periods and segment values, not with applications.
 * Requisitions, hires and risks are kept as facts, because their metrics
 * need everything else first (a requisition's fill date, a hire's record);
 * rpo_model_finish() adds them up at the end. docs/metrics.md defines every
 * quantity.
 *
 * Sources must be read in rpo_record_kind_order so that requisitions and
 * stage events are known before the applications that refer to them, and
 * hires (from applications) before hire records; call rpo_model_kind_done()
 * after each kind.
 */
#ifndef RPO_CORE_MODEL_H
#define RPO_CORE_MODEL_H

#include <pthread.h>
#include <stdatomic.h>

#include "calendar.h"
#include "date.h"
#include "hist.h"
#include "record_model.h"
#include "strmap.h"

/* The funnel stages an application can reach, in order. */
enum { FUNNEL_SCREENED, FUNNEL_SUBMITTED, FUNNEL_INTERVIEWED, FUNNEL_OFFERED, FUNNEL__N };

/* Durations between consecutive stages (stage_days_*). */
enum { STAGE_APPLY_SCREEN, STAGE_SCREEN_SUBMIT, STAGE_SUBMIT_INTERVIEW, STAGE_INTERVIEW_OFFER,
       STAGE_OFFER_ACCEPT, STAGE__N };

/* Segment dimensions (docs/metrics.md, Segments). */
typedef enum rpo_dim {
    DIM_DEPARTMENT,
    DIM_LOCATION,
    DIM_LEVEL,
    DIM_SOURCE,
    DIM_RECRUITER,
    DIM_HIRING_MANAGER,
    DIM_OWNER,
    DIM__N
} rpo_dim;

/* Which dimensions a metric supports, as a bit set over rpo_dim. */
#define DIMS_ALL ((1u << DIM__N) - 1)
#define DIMS_REQUISITION (DIMS_ALL & ~(1u << DIM_SOURCE))
#define DIMS_RISK (1u << DIM_OWNER)

/* The dimension's name ("hiring_manager"), or NULL. */
const char *rpo_dim_name(int dim);

/* Quality-of-hire components. */
enum { QOH_PERFORMANCE, QOH_HM_RATING, QOH_RAMP, QOH_RETENTION, QOH__N };

/* What one period × segment (or its overall column) adds up to. Layout
 * matters (model.c merges by it): 64-bit sums first, flows then snapshots,
 * then the histograms, flows then the snapshot one. Flows are added per
 * period and folded into overall at the end; snapshots (what is open at a
 * period's end) are taken for overall separately, at the as-of date. */
typedef struct rpo_period_acc {
    /* application cohort, by application date */
    uint64_t applications, reached[FUNNEL__N], cohort_hires;
    /* hires and offers, by offer-accepted (decision) date */
    uint64_t hires, offers_accepted, offers_declined;
    uint64_t diverse_known, diverse_hires, internal_known, internal_hires;
    /* costs, by cost date; money in 1/RPO_MONEY_SCALE units */
    int64_t cost_total, cost_comparable;
    uint64_t cost_records, cost_marked; /* cost_marked: records carrying `comparable` */
    /* hires' first-year pay, by offer-accepted date */
    int64_t pay_total;
    uint64_t pay_known;
    /* requisitions */
    uint64_t req_opened, req_filled;
    uint64_t sla_known, sla_met, slate_reqs, slate_diverse, qual_reqs, qual_screened,
        qual_openings;
    /* quality and retention, by start date */
    uint64_t attr_cohort, attr_left, ret_cohort, ret_stayed, qoh_n;
    int64_t qoh_sum; /* composites in units of 1/rpo_qoh_denominator() points */
    /* surveys, by survey date */
    uint64_t hm_n, nps_n, nps_promoters, nps_detractors;
    int64_t hm_sum; /* hundredths */
    uint64_t risks_closed;
    /* snapshots at the period's end */
    uint64_t req_open, open_bucket[4], risks_open, risks_open_high;
    int64_t risk_age_sum;
    /* flow histograms, days */
    rpo_hist time_to_fill, time_to_fill_critical, time_to_hire, time_to_offer, time_to_start;
    rpo_hist stage[STAGE__N]; /* by the later stage's date */
    rpo_hist time_to_submit;
    /* snapshot histogram */
    rpo_hist open_age;
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
    FLAG_NEGATIVE_DURATION,
    FLAG_HIRE_RECORD_UNKNOWN_APPLICATION,
    FLAG_LEFT_BEFORE_START,
    FLAG_RISK_CLOSED_WITHOUT_DATE,
    FLAG__N
} rpo_flag_code;

typedef struct rpo_flag_count {
    uint64_t count;
    char *example; /* "file:line" of the first case, owned */
} rpo_flag_count;

/* The accumulators of one segment: per period, and overall. */
typedef struct rpo_series {
    rpo_period_acc *periods; /* period p is periods[p - p_first] */
    int p_first, p_last;     /* allocated (within the tally's range); p_first > p_last: none */
    rpo_period_acc overall;
} rpo_series;

/* A hire (an application with an offer-accepted or hired date). */
typedef struct rpo_hire_fact {
    char *app_id;       /* owned */
    rpo_day accepted;   /* A */
    rpo_day start;      /* INT32_MIN: unknown */
    rpo_day left;       /* INT32_MIN: still employed */
    uint32_t seg[2 + DIM__N]; /* segment ids it counts in: seg[0] = 0 (all), then n_seg - 1 more */
    int n_seg;
    int32_t performance, hm_rating; /* hundredths; -1 unknown */
    int32_t ramp_days;  /* -1 unknown */
    int64_t pay;        /* -1 unknown */
    int has_record;
} rpo_hire_fact;

/* What a requisition's applications add up to (kept per tally, so that a
 * part read in vain can be dropped with its tally). */
typedef struct rpo_req_agg {
    rpo_day first_submit, first_accept; /* INT32_MAX: none */
    uint32_t submitted, diverse_submitted, screened;
} rpo_req_agg;

/* The accumulators one stream of records adds to. Sources read in parallel
 * add to one tally per part; the parts are merged in order afterwards, and as
 * every accumulator is a sum (counts, exact money, histograms), the result
 * does not depend on how the records were split. */
typedef struct rpo_tally {
    rpo_day last_first, last_last; /* bounds of the period found last */
    int last_p;
    int d_first, d_last; /* the periods anything was added to; d_first > d_last: none */
    rpo_series *rows; /* by segment id; row 0 is the whole engagement */
    size_t n_rows;
    rpo_flag_count flags[FLAG__N];
    rpo_hire_fact *hires; /* in record order */
    size_t n_hires, cap_hires;
    rpo_req_agg *reqs;    /* by requisition index; NULL until an application names one */
    size_t n_reqs;
} rpo_tally;

/* Engagement settings the model needs (from [engagement] and [metric.ID]). */
typedef struct rpo_model_options {
    rpo_calendar cal;
    unsigned dims;             /* segment dimensions computed (bit set over rpo_dim) */
    int32_t sla_days;          /* default SLA, 0 = none */
    unsigned min_diverse;      /* diverse_slate_rate threshold */
    unsigned qoh_weight[QOH__N];
    unsigned performance_max, hm_rating_max, ramp_days_max;
    const char *nps_instrument, *hm_instrument; /* not owned */
    unsigned risk_min_severity;
} rpo_model_options;

/* rpo_model_options_default — the documented defaults. */
void rpo_model_options_default(rpo_model_options *o);

/* A segment value: dimension and text. */
typedef struct rpo_segment_value {
    int dim;
    char *value; /* owned */
} rpo_segment_value;

typedef struct rpo_model {
    rpo_day as_of;
    char currency[8]; /* the engagement's currency, "" = not checked */
    rpo_model_options opt;

    rpo_strmap requisitions; /* id → struct req_info */
    int have_requisitions;
    rpo_strmap stage_events; /* application id → struct evt_info */
    rpo_strmap hire_index;   /* application id → size_t index into tally.hires */

    /* Segment ids: seg_map[dim] maps a value to its id; segs[id] names it.
     * Id 0 is the whole engagement. Shards of a parallel read intern
     * application values (source, recruiter) under seg_lock. */
    rpo_strmap seg_map[DIM__N];
    rpo_segment_value *segs;
    size_t n_segs, cap_segs;
    pthread_mutex_t seg_lock;

    rpo_strmap risks;     /* id → struct risk_info */
    rpo_strmap series[2]; /* lever, outcome: name → struct series_info */

    rpo_tally tally; /* sequential sources, and the sum of all parts */
} rpo_model;

/*
 * What rpo_model_consume adds a record to: the model's lookups and a tally.
 * For record kinds that rpo_record_kind_parallel() admits, several shards of
 * one model may consume at once from different threads, each with its own
 * tally: they only read the model's lookups (segment ids aside, which are
 * interned under a lock and cached per shard).
 */
typedef struct rpo_shard {
    rpo_model *m;
    rpo_tally *t;
    struct {
        int dim;
        uint32_t id;
        size_t len;
        char text[48];
    } cache[8];
    unsigned cache_next;
} rpo_shard;

/*
 * rpo_model_segment_mark / rpo_model_segment_rollback — forget the segment
 * values interned since the mark: a parallel read whose parts are thrown
 * away must not leave the values they saw (the retry sees them again).
 */
size_t rpo_model_segment_mark(const rpo_model *m);
void rpo_model_segment_rollback(rpo_model *m, size_t mark);

/* rpo_shard_init — a shard of M adding to T. */
void rpo_shard_init(rpo_shard *sh, rpo_model *m, rpo_tally *t);

/* The order sources are read in, by record kind (see top). */
extern const rpo_record_kind rpo_record_kind_order[RPO_REC_KIND_COUNT];

/* rpo_model_init — an empty model for a run as of AS_OF with CURRENCY (may
 * be "") and OPT (copied; its strings must outlive the model). */
void rpo_model_init(rpo_model *m, rpo_day as_of, const char *currency,
                    const rpo_model_options *opt);

/* rpo_model_free — release everything. */
void rpo_model_free(rpo_model *m);

/* rpo_tally_init / rpo_tally_free — an empty tally; release one. */
void rpo_tally_init(rpo_tally *t);
void rpo_tally_free(rpo_tally *t);

/*
 * rpo_tally_merge — add everything of SRC to DST and empty SRC (hire facts
 * move). A flag's example stays DST's when it has one: merge parts in file
 * order.
 */
void rpo_tally_merge(rpo_tally *dst, rpo_tally *src);

/* rpo_tally_acc — the accumulator of segment SEG in period P (created on
 * demand), for the model's code that adds facts up. Overall columns get
 * the periods' flows at rpo_model_finish (see rpo_period_acc). */
rpo_period_acc *rpo_tally_acc(rpo_tally *t, uint32_t seg, int p);

/*
 * rpo_record_kind_parallel — whether records of KIND may be consumed by
 * several shards at once: their effect is a sum, and they change no lookup.
 */
int rpo_record_kind_parallel(rpo_record_kind kind);

/*
 * rpo_model_consume — the rpo_record_consumer (emit.h) for the model; SHARD
 * is an rpo_shard. Adds REC, flagging implausible data; returns 0
 * (accepted), or 1 with the reason in *WHY and the field in *FIELD when REC
 * contradicts the model (a duplicate id, a cost in a foreign currency, an
 * NPS score that is not 0..10).
 */
int rpo_model_consume(void *shard, const rpo_record *rec, const char **why, int *field);

/*
 * rpo_model_survey_check — whether the model would reject survey record REC
 * (an NPS score that is not a whole number 0..10, a hiring-manager score
 * outside 0..100): 1 with *WHY and *FIELD, else 0. Frameworks are asked
 * only about responses the model accepts.
 */
int rpo_model_survey_check(const rpo_model *m, const rpo_record *rec, const char **why,
                           int *field);

/* rpo_model_kind_done — every source of KIND has been read (and merged). */
void rpo_model_kind_done(rpo_model *m, rpo_record_kind kind);

/* rpo_model_finish — add up the facts (requisitions, hires, risks) and
 * account for what can only be judged at the end. Call once after all
 * sources. */
void rpo_model_finish(rpo_model *m);

/* rpo_model_period_range — the first and last period holding anything;
 * returns 0 when there is none. */
int rpo_model_period_range(const rpo_model *m, int *first, int *last);

/* rpo_model_series_value — the mean of the lever (KIND 0) or outcome (1)
 * NAME in period P; returns 0 and sets *OUT, or -1 when there is none. */
int rpo_model_series_value(const rpo_model *m, int kind, const char *name, int p, double *out);

/* rpo_model_hire_days — the offer-accepted days of all dated hires, sorted
 * (*N of them; the caller frees the array). */
rpo_day *rpo_model_hire_days(const rpo_model *m, size_t *n);

/* rpo_flag_code_name / rpo_flag_description — a flag's stable id and text. */
const char *rpo_flag_code_name(rpo_flag_code f);
const char *rpo_flag_description(rpo_flag_code f);

/* rpo_qoh_denominator — quality-of-hire composites are summed as integers in
 * units of 1/(this) points: exact for ratings with 2 decimals (see
 * model_finish.c). */
int64_t rpo_qoh_denominator(const rpo_model_options *o);

#endif
