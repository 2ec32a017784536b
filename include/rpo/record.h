/*
 * rpo/record.h — the record model and the emit API for source plugins.
 *
 * A source emits records of one kind (the `record` key of its INI section) as
 * field → text pairs. The engine parses and validates every value centrally
 * (ISO-8601 dates and date-times with zones, numbers, booleans, required
 * fields), so every source gets the same rules and messages. A source never
 * converts types itself, except forms ISO-8601 cannot express (epoch
 * milliseconds, a local date format via rpo_emitter_date_format()).
 *
 * Field ids are small integers, stable within one engine process; look them
 * up once by name (rpo_field_lookup) and reuse them for every row.
 */
#ifndef RPO_RECORD_H
#define RPO_RECORD_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef enum rpo_record_kind {
    RPO_REC_REQUISITION = 0,
    RPO_REC_APPLICATION,
    RPO_REC_STAGE_EVENT,
    RPO_REC_HIRE,
    RPO_REC_COST,
    RPO_REC_SURVEY,
    RPO_REC_LEVER,
    RPO_REC_OUTCOME,
    RPO_REC_RISK,
    RPO_REC_KIND_COUNT
} rpo_record_kind;

/* The handle through which one source instance emits records; owned by the engine. */
typedef struct rpo_emitter rpo_emitter;

/*
 * rpo_record_kind_name — the lower-case name of KIND ("application").
 * Returns NULL for a value outside the enum. The string is static.
 */
const char *rpo_record_kind_name(rpo_record_kind kind);

/*
 * rpo_record_kind_lookup — the kind named NAME, or -1 if there is none.
 */
int rpo_record_kind_lookup(const char *name);

/*
 * rpo_field_lookup — the id of field NAME in records of KIND, or -1 when KIND
 * has no such field. Ids run from 0 to rpo_field_count(KIND) - 1.
 */
int rpo_field_lookup(rpo_record_kind kind, const char *name);

/*
 * rpo_field_count — how many fields records of KIND have.
 */
int rpo_field_count(rpo_record_kind kind);

/*
 * rpo_field_name — the name of field FIELD of KIND, or NULL if FIELD is out
 * of range. The string is static.
 */
const char *rpo_field_name(rpo_record_kind kind, int field);

/*
 * rpo_field_is_date (ABI 1.2) — 1 when field FIELD of KIND holds a date or
 * date-time (it takes ISO-8601, so a source converts other forms such as
 * epoch milliseconds first), 0 otherwise or when FIELD is out of range.
 */
int rpo_field_is_date(rpo_record_kind kind, int field);

/*
 * rpo_field_nearest — the field of KIND whose name is nearest to NAME (edit
 * distance), for "did you mean" messages. Never NULL for a valid KIND.
 */
const char *rpo_field_nearest(rpo_record_kind kind, const char *name);

/*
 * rpo_emitter_kind — the record kind this emitter accepts (the `record` key
 * of the source's section).
 */
rpo_record_kind rpo_emitter_kind(const rpo_emitter *em);

/*
 * rpo_emitter_date_format — parse dates of this emitter's records with the
 * strptime(3) format FMT (copied) instead of ISO-8601; NULL restores
 * ISO-8601. Dates so parsed are taken as UTC calendar dates. Returns RPO_OK.
 */
int rpo_emitter_date_format(rpo_emitter *em, const char *fmt);

/*
 * rpo_record_begin — start a record found at FILE:LINE (FILE may be a URL
 * path or other location; it is copied once per distinct pointer and shown in
 * rejections). Any record begun and not ended is discarded.
 */
void rpo_record_begin(rpo_emitter *em, const char *file, unsigned long line);

/*
 * rpo_record_field — set field FIELD of the current record to the text
 * VALUE[0..LEN) (not NUL-terminated). The engine reads the text only when
 * the record ends, so it must stay valid, unchanged, until rpo_record_end()
 * or rpo_record_reject() returns (never a buffer reused for the next field).
 * An empty value means "absent". Setting a field twice keeps the last value.
 * Returns RPO_OK, or RPO_ERR if FIELD is not a field of this kind.
 */
int rpo_record_field(rpo_emitter *em, int field, const char *value, size_t len);

/*
 * rpo_record_reached — for an application's stage date field (screened_at,
 * submitted_at, interviewed_at, offered_at, offer_accepted_at,
 * offer_declined_at, hired_at, rejected_at, withdrawn_at): say whether the
 * stage was reached when the source knows that but not the date (a 0/1
 * stage flag). A date set with rpo_record_field wins over this. Returns
 * RPO_OK, or RPO_ERR if FIELD is not such a field.
 */
int rpo_record_reached(rpo_emitter *em, int field, int reached);

/*
 * rpo_record_reject — reject the current record for a reason the source
 * found itself (a row with the wrong number of columns, an unmapped value).
 * The engine logs "FILE:LINE: REASON", counts the rejection and discards the
 * record; rpo_record_end() need not be called. REASON must not contain raw
 * values of identifying fields.
 */
void rpo_record_reject(rpo_emitter *em, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/*
 * rpo_record_end — validate the current record and hand it to the engine.
 * Returns RPO_OK when the record was accepted or rejected (a rejection is
 * logged and counted by the engine and is not an error of the source), or a
 * negative status when the run must stop (then the source returns it).
 */
int rpo_record_end(rpo_emitter *em);

/*
 * Incremental sources (ABI 1.2). A source that can fetch only what changed
 * since its last run (an API's updated_after filter or sync cursor) calls
 * rpo_source_sync() at the start of read(). When the engagement keeps a store,
 * the engine then keeps every record the source emits in the store under the
 * record's key, a newer record replacing the kept one with the same key, and
 * feeds the model every kept record after read() returns; so a run that
 * fetched only the changes computes the same metrics as a full fetch. The
 * kept records leave out candidate ids; respondent ids are kept only as their
 * pseudonyms (with [engagement] pseudonym_key_file). Without a store the
 * records go straight to the model and the cursor is always NULL.
 */

/*
 * rpo_source_sync — declare that this read is incremental and return the
 * cursor saved by the last run that committed (rpo_source_set_cursor), or
 * NULL: no store, the first run, or `rpo run --full-sync`. With NULL the
 * source must emit everything, and the engine drops the records it kept for
 * this source before keeping the new ones. The string is owned by the
 * engine, valid during read(). Call it before the first record.
 */
const char *rpo_source_sync(rpo_emitter *em);

/*
 * rpo_source_set_cursor — the cursor the next run should start from (e.g.
 * the newest updated_at seen, or the API's next-sync token); copied. It is
 * saved only if this run commits, i.e. every sink wrote its report; a
 * failed or interrupted run keeps the old cursor, so the next run fetches
 * the same changes again. Set it only after the last record was emitted.
 * Returns RPO_OK, or RPO_ERR when rpo_source_sync() was not called.
 */
int rpo_source_set_cursor(rpo_emitter *em, const char *cursor);

/*
 * rpo_record_key — the key under which an incremental source's current
 * record is kept (TEXT[0..LEN), copied): a record with the same key from a
 * later run replaces it. Without a key the record's own id serves (id, or
 * application_id for hires), and records of kinds without an id
 * (stage_event, cost, survey, lever, outcome) are keyed by their whole
 * content. Not needed by sources that are not incremental. Returns RPO_OK.
 */
int rpo_record_key(rpo_emitter *em, const char *text, size_t len);

#ifdef __cplusplus
}
#endif
#endif
