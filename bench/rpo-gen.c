/*
 * rpo-gen — deterministic generator of a synthetic RPO engagement.
 *
 * Writes the CSV files of one realistic recruitment-process-outsourcing
 * engagement (requisitions, applications, hires, costs, surveys, risks,
 * levers, outcomes) into a folder.  The same arguments always give
 * byte-identical files: the generator uses its own PRNG (xoshiro256**
 * seeded through splitmix64), never rand(), the clock or the locale, and only
 * the four basic IEEE operations on doubles (no libm), so the output does not
 * depend on the C library either.
 *
 * Every requisition draws its randomness from its own streams (derived from
 * the seed and the requisition's number), so writing a subset of the files
 * (--only) gives exactly the same bytes for those files as a full run.
 *
 * Memory: the requisition table and the cost items (a few per requisition)
 * are kept; applications, hires and surveys are streamed.
 *
 * The engagement improves over its period: time to fill falls (about 55 to
 * 35 days median), agency use and so cost per hire fall, offer acceptance,
 * candidate NPS, hiring-manager ratings and ADKAR scores rise, early attrition
 * falls.  Data is cut at the end of the period as an ATS export would be:
 * nothing happens on or after the end date (except planned start dates).
 *
 * Usage: rpo-gen --out DIR [--seed N] [--applications N]
 *                [--start YYYY-MM-DD] [--months M] [--only LIST]
 */
#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>

#define NODATE INT_MIN
#define EX_USAGE_CODE 64
#define EX_CANTCREAT_CODE 73
#define EX_IOERR_CODE 74
#define EX_OSERR_CODE 71

/* ------------------------------------------------------------------ PRNG */

typedef struct {
    uint64_t s[4];
} rng_t;

static uint64_t splitmix64(uint64_t *x)
{
    uint64_t z = (*x += UINT64_C(0x9E3779B97F4A7C15));
    z = (z ^ (z >> 30)) * UINT64_C(0xBF58476D1CE4E5B9);
    z = (z ^ (z >> 27)) * UINT64_C(0x94D049BB133111EB);
    return z ^ (z >> 31);
}

static uint64_t mix64(uint64_t x)
{
    uint64_t s = x;
    return splitmix64(&s);
}

/* Independent stream for (seed, purpose, index). */
static void rng_init(rng_t *r, uint64_t seed, uint64_t purpose, uint64_t index)
{
    uint64_t x = mix64(seed ^ mix64(purpose * UINT64_C(0x100000001B3) + 0x51)) ^
                 mix64(index + UINT64_C(0xA0761D6478BD642F));
    for (int i = 0; i < 4; i++)
        r->s[i] = splitmix64(&x);
}

static inline uint64_t rotl(uint64_t x, int k)
{
    return (x << k) | (x >> (64 - k));
}

static inline uint64_t rng_next(rng_t *r)
{
    uint64_t *s = r->s;
    uint64_t result = rotl(s[1] * 5, 7) * 9;
    uint64_t t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 45);
    return result;
}

/* Uniform in [0, 1). */
static inline double rng_unit(rng_t *r)
{
    return (double)(rng_next(r) >> 11) * (1.0 / 9007199254740992.0);
}

/* Uniform integer in [lo, hi] (hi >= lo). */
static inline int rng_int(rng_t *r, int lo, int hi)
{
    if (hi <= lo)
        return lo;
    return lo + (int)(rng_unit(r) * (double)(hi - lo + 1));
}

static inline int rng_chance(rng_t *r, double p)
{
    return rng_unit(r) < p;
}

/* Index drawn with the given weights (n entries, sum > 0). */
static int rng_pick(rng_t *r, const double *w, int n)
{
    double sum = 0;
    for (int i = 0; i < n; i++)
        sum += w[i];
    double x = rng_unit(r) * sum;
    for (int i = 0; i < n; i++) {
        if (x < w[i])
            return i;
        x -= w[i];
    }
    return n - 1;
}

/* sqrt for x in [1, 4] with the basic operations only (no libm) */
static double sqrt_newton(double x)
{
    double r = 1.5;
    for (int i = 0; i < 8; i++)
        r = 0.5 * (r + x / r);
    return r;
}

static inline double lerp(double a, double b, double t)
{
    return a + (b - a) * t;
}

static inline int iround(double x)
{
    return x >= 0 ? (int)(x + 0.5) : -(int)(-x + 0.5);
}

/* Integer in [round(lo), round(hi)] where the bounds move with t. */
static inline int rng_int_t(rng_t *r, double lo0, double lo1, double hi0, double hi1, double t)
{
    return rng_int(r, iround(lerp(lo0, lo1, t)), iround(lerp(hi0, hi1, t)));
}

/* A 1..max score around mean (in tenths of a point), triangular noise. */
static int score_around(rng_t *r, int mean10, int spread10, int max)
{
    int v = mean10 + iround((rng_unit(r) + rng_unit(r) - 1.0) * spread10);
    int s = (v + 5) / 10;
    if (v < 0)
        s = 0;
    if (s < 1)
        s = 1;
    if (s > max)
        s = max;
    return s;
}

/* ---------------------------------------------------- pseudonymous ids */

typedef struct {
    uint64_t domain; /* ids are in [0, domain) */
    int halfbits;
    uint64_t key;
} perm_t;

static void perm_init(perm_t *p, uint64_t domain, uint64_t key)
{
    p->domain = domain;
    p->halfbits = 1;
    while (p->halfbits < 32 && (UINT64_C(1) << (2 * p->halfbits)) < domain)
        p->halfbits++;
    p->key = key;
}

/* Bijection on [0, domain): 4-round Feistel network with cycle walking. */
static uint64_t perm_apply(const perm_t *p, uint64_t x)
{
    uint64_t mask = (UINT64_C(1) << p->halfbits) - 1;
    do {
        uint64_t l = x >> p->halfbits, r = x & mask;
        for (uint64_t i = 0; i < 4; i++) {
            uint64_t f = mix64(r ^ p->key ^ (i << 56)) & mask;
            uint64_t nl = r;
            r = l ^ f;
            l = nl;
        }
        x = (l << p->halfbits) | r;
    } while (x >= p->domain);
    return x;
}

static int ndigits(uint64_t v)
{
    int n = 1;
    while (v >= 10) {
        v /= 10;
        n++;
    }
    return n;
}

static uint64_t pow10u(int n)
{
    uint64_t v = 1;
    while (n-- > 0)
        v *= 10;
    return v;
}

/* ----------------------------------------------------------------- dates */

static int days_from_civil(int y, int m, int d)
{
    y -= m <= 2;
    const int era = (y >= 0 ? y : y - 399) / 400;
    const int yoe = y - era * 400;
    const int doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    const int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

static void civil_from_days(int z, int *yy, int *mm, int *dd)
{
    z += 719468;
    const int era = (z >= 0 ? z : z - 146096) / 146097;
    const int doe = z - era * 146097;
    const int yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int y = yoe + era * 400;
    const int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const int mp = (5 * doy + 2) / 153;
    const int d = doy - (153 * mp + 2) / 5 + 1;
    const int m = mp < 10 ? mp + 3 : mp - 9;
    *yy = y + (m <= 2);
    *mm = m;
    *dd = d;
}

static int days_in_month(int y, int m)
{
    static const int dm[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
        return 29;
    return dm[m - 1];
}

/* 0 = Sunday .. 6 = Saturday */
static int weekday(int z)
{
    int w = (z + 4) % 7;
    return w < 0 ? w + 7 : w;
}

/* Saturday/Sunday → next Monday. */
static int next_business_day(int z)
{
    int w = weekday(z);
    if (w == 6)
        return z + 2;
    if (w == 0)
        return z + 1;
    return z;
}

static int parse_date(const char *s, int *out)
{
    int y, m, d;
    if (strlen(s) != 10 || s[4] != '-' || s[7] != '-')
        return -1;
    for (int i = 0; i < 10; i++)
        if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
            return -1;
    y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
    m = (s[5] - '0') * 10 + (s[6] - '0');
    d = (s[8] - '0') * 10 + (s[9] - '0');
    if (y < 1900 || y > 2999 || m < 1 || m > 12 || d < 1 || d > days_in_month(y, m))
        return -1;
    *out = days_from_civil(y, m, d);
    return 0;
}

/* Day number of the first day of month `k` counted from the start's month. */
static int month_start(int start, int k)
{
    int y, m, d;
    civil_from_days(start, &y, &m, &d);
    int idx = (m - 1) + k;
    int yy = y + (idx >= 0 ? idx / 12 : -((11 - idx) / 12));
    int mm = idx - (yy - y) * 12 + 1;
    return days_from_civil(yy, mm, 1);
}

/* --------------------------------------------------------------- output */

static const char *g_outdir;

typedef struct {
    const char *name;
    char *path, *tmp;
    FILE *f;
    char *buf;
    size_t len;
    int on;
} out_t;

#define OUT_CAP (1u << 20)

static char *date_cache; /* 10 chars per day in [cache_lo, cache_hi] */
static int cache_lo, cache_hi;

static void die_io(const char *what, const char *path)
{
    fprintf(stderr, "rpo-gen: %s %s: %s\n", what, path, strerror(errno));
    exit(EX_IOERR_CODE);
}

static void *xmalloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    if (!p) {
        fprintf(stderr, "rpo-gen: out of memory\n");
        exit(EX_OSERR_CODE);
    }
    return p;
}

static void *xrealloc(void *p, size_t n)
{
    p = realloc(p, n ? n : 1);
    if (!p) {
        fprintf(stderr, "rpo-gen: out of memory\n");
        exit(EX_OSERR_CODE);
    }
    return p;
}

static char *path_join(const char *dir, const char *name, const char *suffix)
{
    size_t n = strlen(dir) + strlen(name) + strlen(suffix) + 2;
    char *p = xmalloc(n);
    snprintf(p, n, "%s/%s%s", dir, name, suffix);
    return p;
}

static void out_open(out_t *o, const char *name, int on, const char *header)
{
    memset(o, 0, sizeof *o);
    o->name = name;
    o->on = on;
    if (!on)
        return;
    o->path = path_join(g_outdir, name, "");
    o->tmp = path_join(g_outdir, name, ".tmp");
    o->f = fopen(o->tmp, "wb");
    if (!o->f) {
        fprintf(stderr, "rpo-gen: cannot create %s: %s\n", o->tmp, strerror(errno));
        exit(EX_CANTCREAT_CODE);
    }
    o->buf = xmalloc(OUT_CAP);
    size_t hl = strlen(header);
    memcpy(o->buf, header, hl);
    o->buf[hl] = '\n';
    o->len = hl + 1;
}

static void out_flush(out_t *o)
{
    if (o->len && fwrite(o->buf, 1, o->len, o->f) != o->len)
        die_io("cannot write", o->tmp);
    o->len = 0;
}

static inline void out_reserve(out_t *o, size_t n)
{
    if (o->len + n > OUT_CAP)
        out_flush(o);
}

static void out_close(out_t *o)
{
    if (!o->on)
        return;
    out_flush(o);
    if (fflush(o->f) != 0 || ferror(o->f))
        die_io("cannot write", o->tmp);
    if (fclose(o->f) != 0)
        die_io("cannot close", o->tmp);
    if (rename(o->tmp, o->path) != 0)
        die_io("cannot rename", o->tmp);
    free(o->buf);
    free(o->path);
    free(o->tmp);
    o->f = NULL;
}

/* Row builders: all assume out_reserve() was called for the row. */
static inline void put_ch(out_t *o, char c)
{
    o->buf[o->len++] = c;
}

static inline void put_str(out_t *o, const char *s)
{
    size_t n = strlen(s);
    memcpy(o->buf + o->len, s, n);
    o->len += n;
}

static inline void put_u64(out_t *o, uint64_t v)
{
    char tmp[24];
    int n = 0;
    do {
        tmp[n++] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    while (n)
        o->buf[o->len++] = tmp[--n];
}

static inline void put_int(out_t *o, int v)
{
    if (v < 0) {
        put_ch(o, '-');
        put_u64(o, (uint64_t)(-(int64_t)v));
    } else {
        put_u64(o, (uint64_t)v);
    }
}

/* zero-padded number of at least `width` digits */
static inline void put_num(out_t *o, int width, uint64_t v)
{
    char tmp[24];
    int n = 0;
    do {
        tmp[n++] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    for (int i = n; i < width; i++)
        put_ch(o, '0');
    while (n)
        o->buf[o->len++] = tmp[--n];
}

/* prefix + zero-padded number */
static inline void put_id(out_t *o, char prefix, int width, uint64_t v)
{
    put_ch(o, prefix);
    put_num(o, width, v);
}

static void format_date(int z, char *p)
{
    int y, m, d;
    civil_from_days(z, &y, &m, &d);
    p[0] = (char)('0' + y / 1000 % 10);
    p[1] = (char)('0' + y / 100 % 10);
    p[2] = (char)('0' + y / 10 % 10);
    p[3] = (char)('0' + y % 10);
    p[4] = '-';
    p[5] = (char)('0' + m / 10);
    p[6] = (char)('0' + m % 10);
    p[7] = '-';
    p[8] = (char)('0' + d / 10);
    p[9] = (char)('0' + d % 10);
}

/* A date, or nothing for NODATE. */
static inline void put_date(out_t *o, int z)
{
    if (z == NODATE)
        return;
    if (z >= cache_lo && z <= cache_hi) {
        memcpy(o->buf + o->len, date_cache + (size_t)(z - cache_lo) * 10, 10);
    } else {
        format_date(z, o->buf + o->len);
    }
    o->len += 10;
}

/* Cents as a decimal with two places. */
static inline void put_money(out_t *o, int64_t cents)
{
    if (cents < 0) {
        put_ch(o, '-');
        cents = -cents;
    }
    put_u64(o, (uint64_t)(cents / 100));
    put_ch(o, '.');
    put_ch(o, (char)('0' + cents / 10 % 10));
    put_ch(o, (char)('0' + cents % 10));
}

/* A value given in hundredths, printed with up to two places. */
static inline void put_hundredths(out_t *o, int v)
{
    if (v < 0) {
        put_ch(o, '-');
        v = -v;
    }
    put_u64(o, (uint64_t)(v / 100));
    if (v % 100) {
        put_ch(o, '.');
        put_ch(o, (char)('0' + v / 10 % 10));
        if (v % 10)
            put_ch(o, (char)('0' + v % 10));
    }
}

static inline void put_bool(out_t *o, int b)
{
    put_str(o, b ? "true" : "false");
}

/* ---------------------------------------------------------- vocabulary */

enum { DEPT_ENG, DEPT_SALES, DEPT_OPS, DEPT_FIN, DEPT_PEOPLE, NDEPT };
static const char *const dept_name[NDEPT] = {"Engineering", "Sales", "Operations", "Finance",
                                             "People"};
static const double dept_w[NDEPT] = {30, 25, 22, 12, 11};
static const double dept_apps[NDEPT] = {1.0, 1.25, 1.5, 0.8, 0.7};

static const char *const family_name[NDEPT][3] = {
    {"software_engineering", "data", "it_infrastructure"},
    {"account_executive", "sales_development", "customer_success"},
    {"customer_support", "logistics", "facilities"},
    {"accounting", "fp_and_a", "accounting"},
    {"hr_business_partner", "talent_acquisition", "learning"},
};
static const double family_w[3] = {55, 30, 15};

enum { NLOC = 5 };
static const char *const loc_name[NLOC] = {"Berlin", "Munich", "Amsterdam", "Madrid", "Remote"};
static const double loc_w[NLOC] = {30, 20, 20, 15, 15};
static const double loc_pay[NLOC] = {1.0, 1.05, 1.02, 0.9, 0.95};

enum { NLEVEL = 6 };
static const char *const level_name[NLEVEL] = {"IC1", "IC2", "IC3", "IC4", "M1", "M2"};
static const double level_w[NLEVEL] = {20, 33, 25, 10, 8, 4};
static const double level_apps[NLEVEL] = {1.5, 1.2, 0.9, 0.6, 0.7, 0.5};
static const double level_fill[NLEVEL] = {0.86, 0.95, 1.02, 1.14, 1.12, 1.25};
static const int level_pay_lo[NLEVEL] = {45000, 50000, 64000, 84000, 90000, 118000};
static const int level_pay_hi[NLEVEL] = {55000, 68000, 90000, 115000, 125000, 155000};

enum {
    SRC_CAREERS,
    SRC_JOBBOARD,
    SRC_LINKEDIN,
    SRC_REFERRAL,
    SRC_AGENCY,
    SRC_SOURCED,
    SRC_INTERNAL,
    NSRC
};
static const char *const src_name[NSRC] = {"careers_site", "job_board", "linkedin", "referral",
                                           "agency",       "sourced",   "internal"};

/* --------------------------------------------------------- model state */

typedef struct {
    int opened, posted, filled, closed, cut; /* cut: last day the req takes actions */
    int hold;
    uint32_t hm, recruiter, napps;
    uint8_t openings, hired, dept, family, loc, level, critical, provider, sla, cancelled;
} req_t;

enum {
    ST_APPLIED,
    ST_SCREENED,
    ST_SUBMITTED,
    ST_INTERVIEWED,
    ST_OFFERED,
    ST_ACCEPTED,
    ST_DECLINED,
    ST_START,
    ST_REJECTED,
    ST_WITHDRAWN,
    NST
};

typedef struct {
    int d[NST];
    uint64_t cand;
    uint32_t seq;
    uint8_t source, internal, diverse, kind; /* kind: 0 filler, 1 hire, 2 declined offer */
} app_t;

typedef struct {
    int date;
    uint32_t seq;
    int64_t cents;
    uint32_t req; /* 0 = none, else index+1 */
    uint8_t type; /* 0 external, 1 internal */
    uint8_t cat;
    uint8_t comparable;
    uint8_t source; /* NSRC = none */
} cost_t;

enum {
    CAT_AGENCY,
    CAT_JOBBOARDS,
    CAT_ADVERTISING,
    CAT_BACKGROUND,
    CAT_RELOCATION,
    CAT_SIGNON,
    CAT_SALARIES,
    CAT_TOOLS,
    NCAT
};
static const char *const cat_name[NCAT] = {
    "agency_fees", "job_boards",   "advertising",        "background_checks",
    "relocation",  "sign_on_bonus", "recruiter_salaries", "sourcing_tools"};

static struct {
    uint64_t seed;
    long long napps;
    int start, end, months;
    unsigned only;
} P;

enum {
    F_REQ = 1 << 0,
    F_APP = 1 << 1,
    F_HIRE = 1 << 2,
    F_COST = 1 << 3,
    F_SURVEY = 1 << 4,
    F_RISK = 1 << 5,
    F_LEVER = 1 << 6,
    F_OUTCOME = 1 << 7,
    F_ALL = 0xff
};

static const struct {
    const char *name;
    unsigned flag;
} file_names[] = {
    {"requisitions", F_REQ}, {"applications", F_APP}, {"hires", F_HIRE},
    {"costs", F_COST},       {"surveys", F_SURVEY},   {"risks", F_RISK},
    {"levers", F_LEVER},     {"outcomes", F_OUTCOME},
};

static req_t *reqs;
static int nreq;
static int req_w, app_w, cand_w, resp_w, hm_w, rec_w;
static perm_t cand_perm, resp_perm;

static cost_t *costs;
static size_t ncost, cost_cap;

static out_t o_req, o_app, o_hire, o_cost, o_survey, o_risk, o_lever, o_outcome;

/* Position of day z in the period, 0..1. */
static double tfrac(int z)
{
    double t = (double)(z - P.start) / (double)(P.end - P.start);
    return t < 0 ? 0 : t > 1 ? 1 : t;
}

static int month_index(int z)
{
    int y, m, d, sy, sm, sd;
    civil_from_days(z, &y, &m, &d);
    civil_from_days(P.start, &sy, &sm, &sd);
    return (y - sy) * 12 + (m - sm);
}

/* Recruiters on the engagement in month k: grows a little with volume. */
static int recruiter_count(int k)
{
    double t = ((double)k + 0.5) / (double)P.months;
    if (t > 1)
        t = 1;
    if (t < 0)
        t = 0;
    double per_month = (double)nreq / (double)P.months;
    int rc = iround(per_month * 0.5 * (0.9 + 0.25 * t));
    return rc < 2 ? 2 : rc;
}

static void add_cost(int date, int64_t cents, int internal, int cat, int comparable, uint32_t req,
                     int source)
{
    if (!(P.only & F_COST) || date == NODATE || date >= P.end || date < P.start)
        return;
    if (ncost == cost_cap) {
        cost_cap = cost_cap ? cost_cap * 2 : 4096;
        costs = xrealloc(costs, cost_cap * sizeof *costs);
    }
    cost_t *c = &costs[ncost];
    c->date = date;
    c->seq = (uint32_t)ncost;
    c->cents = cents;
    c->req = req;
    c->type = (uint8_t)internal;
    c->cat = (uint8_t)cat;
    c->comparable = (uint8_t)comparable;
    c->source = (uint8_t)source;
    ncost++;
}

/* --------------------------------------------------------- requisitions */

static int cmp_int(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}

static void build_requisitions(void)
{
    long long r = (P.napps + 18) / 36;
    if (r < 1)
        r = 1;
    if (r > 50000000)
        r = 50000000;
    nreq = (int)r;
    reqs = xmalloc((size_t)nreq * sizeof *reqs);
    memset(reqs, 0, (size_t)nreq * sizeof *reqs);

    int *opened = xmalloc((size_t)nreq * sizeof *opened);
    rng_t g;
    rng_init(&g, P.seed, 1, 0);
    int last_open = P.end - 21;
    if (last_open < P.start)
        last_open = P.start;
    int span = last_open - P.start + 1;
    int nbacklog = 0;
    for (int i = 0; i < nreq; i++)
        nbacklog += rng_chance(&g, 0.04);
    if (nbacklog >= nreq)
        nbacklog = nreq - 1;
    for (int i = 0; i < nreq; i++) {
        if (i < nbacklog) {
            /* backlog inherited from the client at transition */
            opened[i] = P.start - rng_int(&g, 7, 45);
        } else {
            /* volume grows over the period (density 1 + 0.4 t); stratified
             * so that every stretch of the period gets its share: the k-th
             * of n requisitions sits at the inverse CDF of (k + u) / n, where
             * CDF(t) = (t + 0.2 t^2) / 1.2 */
            int k = i - nbacklog, n = nreq - nbacklog;
            double y = ((double)k + rng_unit(&g)) / (double)n;
            double t = (sqrt_newton(1.0 + 0.96 * y) - 1.0) / 0.4;
            int off = (int)(t * (double)span);
            opened[i] = P.start + (off < span ? off : span - 1);
        }
    }
    qsort(opened, (size_t)nreq, sizeof *opened, cmp_int);

    int hm_per_dept = nreq / 20;
    if (hm_per_dept < 3)
        hm_per_dept = 3;
    hm_w = ndigits((uint64_t)hm_per_dept * NDEPT);
    if (hm_w < 3)
        hm_w = 3;
    int max_rc = 0;
    for (int k = 0; k < P.months; k++)
        if (recruiter_count(k) > max_rc)
            max_rc = recruiter_count(k);
    rec_w = ndigits((uint64_t)max_rc);
    if (rec_w < 2)
        rec_w = 2;

    double *weight = xmalloc((size_t)nreq * sizeof *weight);
    double wsum = 0;
    for (int i = 0; i < nreq; i++) {
        req_t *q = &reqs[i];
        rng_t a;
        rng_init(&a, P.seed, 2, (uint64_t)i);
        double t = tfrac(opened[i]);
        q->opened = next_business_day(opened[i]);
        q->dept = (uint8_t)rng_pick(&a, dept_w, NDEPT);
        q->family = (uint8_t)rng_pick(&a, family_w, 3);
        q->loc = (uint8_t)rng_pick(&a, loc_w, NLOC);
        q->level = (uint8_t)rng_pick(&a, level_w, NLEVEL);
        int volume_role = q->level <= 1 && (q->dept == DEPT_SALES || q->dept == DEPT_OPS);
        double u = rng_unit(&a);
        if (volume_role)
            q->openings = u < 0.42 ? 1 : u < 0.77 ? 2 : 3;
        else
            q->openings = u < 0.76 ? 1 : u < 0.94 ? 2 : 3;
        q->hold = rng_chance(&a, 0.12) ? rng_int(&a, 5, 30) : 0;
        q->critical = (uint8_t)rng_chance(&a, 0.10);
        q->provider = (uint8_t)rng_chance(&a, lerp(0.62, 0.92, t));
        q->sla = q->level <= 1 ? 45 : 60;
        q->hm = (uint32_t)(q->dept * hm_per_dept + rng_int(&a, 0, hm_per_dept - 1) + 1);
        int mi = month_index(q->opened < P.start ? P.start : q->opened);
        if (mi >= P.months)
            mi = P.months - 1;
        q->recruiter = (uint32_t)rng_int(&a, 1, recruiter_count(mi));
        q->cancelled = (uint8_t)rng_chance(&a, 0.05);
        int post_delay = q->opened < P.start ? rng_int(&a, 0, 6) : rng_int(&a, 0, 7);
        int base = q->opened < P.start ? P.start : q->opened;
        q->posted = next_business_day(base + post_delay);
        if (q->posted >= P.end)
            q->posted = P.end - 1;
        weight[i] = dept_apps[q->dept] * level_apps[q->level] * (0.7 + 0.6 * rng_unit(&a)) *
                    (0.8 + 0.2 * q->openings);
        wsum += weight[i];
    }
    /* exact total: cumulative allocation */
    double cum = 0;
    long long prev = 0;
    for (int i = 0; i < nreq; i++) {
        cum += weight[i];
        long long upto = i == nreq - 1 ? P.napps : (long long)((double)P.napps * (cum / wsum));
        if (upto < prev)
            upto = prev;
        if (upto > P.napps)
            upto = P.napps;
        reqs[i].napps = (uint32_t)(upto - prev);
        prev = upto;
    }
    free(weight);
    free(opened);
}

/* ---------------------------------------------------------- simulation */

static app_t *abuf;
static size_t abuf_cap;

/* candidates re-applying: a ring of recent candidates */
#define RING 1024
static uint64_t ring_cand[RING];
static int ring_req[RING];
static int ring_n;
static uint64_t next_cand;
static uint64_t next_app = 1;
static uint64_t next_resp; /* candidate survey respondents */

static int pick_source(rng_t *r, double t, int hire)
{
    double w[NSRC - 1];
    if (hire) {
        w[SRC_CAREERS] = 20;
        w[SRC_JOBBOARD] = lerp(16, 12, t);
        w[SRC_LINKEDIN] = 12;
        w[SRC_REFERRAL] = lerp(14, 25, t);
        w[SRC_AGENCY] = lerp(30, 7, t);
        w[SRC_SOURCED] = lerp(8, 22, t);
    } else {
        w[SRC_CAREERS] = 30;
        w[SRC_JOBBOARD] = lerp(31, 23, t);
        w[SRC_LINKEDIN] = lerp(14, 19, t);
        w[SRC_REFERRAL] = lerp(5, 9, t);
        w[SRC_AGENCY] = lerp(13, 5, t);
        w[SRC_SOURCED] = lerp(7, 14, t);
    }
    return rng_pick(r, w, NSRC - 1);
}

static void new_candidate(app_t *a, rng_t *r, int reqi)
{
    if (ring_n > 0 && rng_chance(r, 0.06)) {
        int k = rng_int(r, 0, (ring_n < RING ? ring_n : RING) - 1);
        if (ring_req[k] != reqi) {
            a->cand = ring_cand[k];
            ring_req[k] = reqi;
            return;
        }
    }
    a->cand = perm_apply(&cand_perm, next_cand++);
    int slot = ring_n % RING;
    ring_cand[slot] = a->cand;
    ring_req[slot] = reqi;
    ring_n++;
    if (ring_n >= 2 * RING)
        ring_n -= RING;
}

/* Backward pipeline of an offered application: the offer was answered on
 * day x (accepted or declined); fills the earlier stages, never before the
 * posting date. */
static void backward_pipeline(app_t *a, rng_t *r, int x, int floor_day)
{
    double t = tfrac(x);
    int g[5];
    g[0] = rng_int_t(r, 2, 1, 9, 4, t);   /* applied → screened */
    g[1] = rng_int_t(r, 2, 1, 8, 5, t);   /* screened → submitted */
    g[2] = rng_int_t(r, 4, 3, 14, 10, t); /* submitted → interviewed */
    g[3] = rng_int_t(r, 4, 3, 12, 8, t);  /* interviewed → offered */
    g[4] = rng_int_t(r, 1, 1, 6, 4, t);   /* offered → answer */
    int sum = g[0] + g[1] + g[2] + g[3] + g[4];
    int avail = x - floor_day;
    if (avail < 0)
        avail = 0;
    if (sum > avail) {
        int s2 = 0;
        for (int i = 0; i < 5; i++) {
            g[i] = g[i] * avail / sum;
            s2 += g[i];
        }
        sum = s2;
    }
    int d = x;
    a->d[ST_OFFERED] = d -= g[4];
    a->d[ST_INTERVIEWED] = d -= g[3];
    a->d[ST_SUBMITTED] = d -= g[2];
    a->d[ST_SCREENED] = d -= g[1];
    a->d[ST_APPLIED] = d -= g[0];
}

static void app_clear(app_t *a)
{
    for (int i = 0; i < NST; i++)
        a->d[i] = NODATE;
}

static app_t *app_push(size_t *n)
{
    if (*n == abuf_cap) {
        abuf_cap = abuf_cap ? abuf_cap * 2 : 256;
        abuf = xrealloc(abuf, abuf_cap * sizeof *abuf);
    }
    app_t *a = &abuf[*n];
    app_clear(a);
    a->seq = (uint32_t)*n;
    (*n)++;
    return a;
}

static int cmp_app(const void *x, const void *y)
{
    const app_t *a = x, *b = y;
    if (a->d[ST_APPLIED] != b->d[ST_APPLIED])
        return a->d[ST_APPLIED] < b->d[ST_APPLIED] ? -1 : 1;
    return (a->seq > b->seq) - (a->seq < b->seq);
}

/* Forward funnel of an application that is not offered. */
static void forward_funnel(app_t *a, rng_t *r, const req_t *q)
{
    static const double p_next[3] = {0.69, 0.47, 0.60};
    static const double p_withdraw[4] = {0.05, 0.12, 0.16, 0.26};
    int cur = a->d[ST_APPLIED];
    int stage = ST_APPLIED;
    int cut = q->cut;
    double t = tfrac(cur);
    for (int s = ST_SCREENED; s <= ST_INTERVIEWED; s++) {
        if (!rng_chance(r, p_next[s - ST_SCREENED]))
            break;
        int gap;
        switch (s) {
        case ST_SCREENED: gap = rng_int_t(r, 1, 0, 10, 4, t); break;
        case ST_SUBMITTED: gap = rng_int_t(r, 2, 1, 8, 5, t); break;
        default: gap = rng_int_t(r, 4, 3, 14, 10, t); break;
        }
        int nd = cur + gap;
        if (nd > cut)
            break;
        a->d[s] = nd;
        cur = nd;
        stage = s;
    }
    /* the application stops here: rejected or withdrawn */
    int withdraw = rng_chance(r, p_withdraw[stage] * lerp(1.15, 0.8, t));
    int stop = cur + (stage == ST_APPLIED ? rng_int_t(r, 1, 0, 12, 4, t) : rng_int(r, 2, 14));
    if (stop > cut)
        stop = cut + rng_int(r, 0, 2);
    if (stop < cur)
        stop = cur;
    a->d[withdraw ? ST_WITHDRAWN : ST_REJECTED] = stop;
}

/* Drop everything on or after the end of the period (export cut-off).  The
 * agreed start date of an accepted offer is kept. */
static void truncate_app(app_t *a)
{
    for (int i = 0; i < NST; i++)
        if (i != ST_START && a->d[i] != NODATE && a->d[i] >= P.end)
            a->d[i] = NODATE;
    if (a->d[ST_ACCEPTED] == NODATE)
        a->d[ST_START] = NODATE;
}

static void write_hire(const req_t *q, uint32_t reqi, const app_t *a, uint64_t app_id, rng_t *h,
                       rng_t *c)
{
    int start = a->d[ST_START];
    double t = tfrac(a->d[ST_ACCEPTED]);
    /* pay: level band, location, rounded to 500 */
    int lo = level_pay_lo[q->level], hi = level_pay_hi[q->level];
    double pay = ((double)lo + rng_unit(h) * (double)(hi - lo)) * loc_pay[q->loc];
    int pay_eur = iround(pay / 500.0) * 500;
    if (pay_eur < 40000)
        pay_eur = 40000;
    if (pay_eur > 160000)
        pay_eur = 160000;
    /* attrition */
    int left = NODATE, involuntary = 0;
    double u = rng_unit(h);
    double p_early = lerp(0.10, 0.06, t);
    if (u < p_early) {
        left = start + rng_int(h, 5, 89);
        involuntary = rng_chance(h, 0.45);
    } else if (u < p_early + 0.16) {
        left = start + rng_int(h, 90, 600);
        involuntary = rng_chance(h, 0.3);
    }
    int perf_mean = iround(lerp(31, 37, t)), hm_mean = iround(lerp(34, 42, t));
    int perf = score_around(h, perf_mean, 16, 5);
    int hm = score_around(h, hm_mean, 14, 5);
    int ramp = rng_int_t(h, 45, 30, 115, 85, t);
    if (o_hire.on) {
        out_t *o = &o_hire;
        out_reserve(o, 256);
        put_id(o, 'A', app_w, app_id);
        put_ch(o, ',');
        put_date(o, start);
        put_ch(o, ',');
        int left_known = left != NODATE && left < P.end;
        if (left_known) {
            put_date(o, left);
            put_ch(o, ',');
            put_str(o, involuntary ? "involuntary" : "voluntary");
        } else {
            put_ch(o, ',');
        }
        put_ch(o, ',');
        if (start + 180 < P.end && (left == NODATE || left > start + 180))
            put_int(o, perf);
        put_ch(o, ',');
        if (start + ramp < P.end && (left == NODATE || left > start + ramp))
            put_int(o, ramp);
        put_ch(o, ',');
        if (start + 90 < P.end && (left == NODATE || left > start + 90))
            put_int(o, hm);
        put_ch(o, ',');
        put_money(o, (int64_t)pay_eur * 100);
        put_ch(o, '\n');
    }
    /* costs that follow a hire */
    add_cost(a->d[ST_ACCEPTED] + rng_int(c, 2, 10), rng_int(c, 6000, 14000), 0, CAT_BACKGROUND, 1,
             reqi + 1, NSRC);
    if (a->source == SRC_AGENCY) {
        double rate = lerp(0.21, 0.18, t);
        add_cost(a->d[ST_ACCEPTED] + rng_int(c, 0, 10), (int64_t)iround((double)pay_eur * rate) * 100, 0,
                 CAT_AGENCY, 1, reqi + 1, SRC_AGENCY);
    }
    if (q->loc != 4 && rng_chance(c, 0.04))
        add_cost(start, (int64_t)rng_int(c, 3000, 12000) * 100, 0, CAT_RELOCATION, 0, reqi + 1,
                 NSRC);
    if (q->level >= 3 && rng_chance(c, 0.12))
        add_cost(start + 30, (int64_t)rng_int(c, 10, 30) * 50000, 0, CAT_SIGNON, 0, reqi + 1,
                 NSRC);
}

static void write_survey_row(const char *instrument, int date, const char *item, int score,
                             uint64_t respondent, const char *group, uint32_t reqi)
{
    out_t *o = &o_survey;
    out_reserve(o, 160);
    put_str(o, instrument);
    put_ch(o, ',');
    put_date(o, date);
    put_ch(o, ',');
    put_str(o, item);
    put_ch(o, ',');
    put_int(o, score);
    put_ch(o, ',');
    put_id(o, 'S', resp_w, perm_apply(&resp_perm, respondent));
    put_ch(o, ',');
    put_str(o, group);
    put_ch(o, ',');
    if (reqi)
        put_id(o, 'R', req_w, reqi);
    put_ch(o, '\n');
}

/* Stakeholder respondent indices are even, candidates odd. */
static uint64_t stakeholder_index(int group, uint64_t k)
{
    return 2 * (3 * k + (uint64_t)group);
}

static void candidate_nps(rng_t *s, const app_t *a, uint32_t reqi)
{
    int end = a->d[ST_ACCEPTED];
    const char *group = "hired";
    if (end == NODATE) {
        end = a->d[ST_DECLINED];
        group = "declined";
    }
    if (end == NODATE) {
        end = a->d[ST_REJECTED];
        group = "rejected";
    }
    if (end == NODATE) {
        end = a->d[ST_WITHDRAWN];
        group = "withdrawn";
    }
    if (end == NODATE || a->d[ST_SCREENED] == NODATE || !rng_chance(s, 0.22))
        return;
    int date = end + rng_int(s, 1, 7);
    double t = tfrac(date);
    double promoter = lerp(0.34, 0.55, t), detractor = lerp(0.32, 0.12, t);
    if (a->d[ST_ACCEPTED] != NODATE) {
        promoter += 0.2;
        detractor *= 0.3;
    }
    uint64_t resp = 2 * (next_resp++) + 1;
    if (date >= P.end)
        return;
    double u = rng_unit(s);
    int score;
    if (u < promoter)
        score = rng_chance(s, 0.55) ? 9 : 10;
    else if (u < 1.0 - detractor)
        score = rng_chance(s, 0.5) ? 7 : 8;
    else
        score = rng_int(s, 0, 9) < 6 ? rng_int(s, 4, 6) : rng_int(s, 0, 3);
    if (o_survey.on)
        write_survey_row("candidate_nps", date, "nps", score, resp, group, reqi);
}

static void simulate_requisition(uint32_t ri)
{
    req_t *q = &reqs[ri];
    rng_t r, h, s, c;
    rng_init(&r, P.seed, 3, ri);
    rng_init(&h, P.seed, 4, ri);
    rng_init(&s, P.seed, 5, ri);
    rng_init(&c, P.seed, 6, ri);
    double t = tfrac(q->opened);
    int backlog = q->opened < P.start;

    /* fill times of the openings */
    double m = (50.0 - 19.0 * t) * level_fill[q->level] * (q->critical ? 1.06 : 1.0);
    double f0 = m * (0.7 + 0.3 * (rng_unit(&r) + rng_unit(&r)));
    if (rng_chance(&r, 0.10))
        f0 += m * (0.2 + 0.5 * rng_unit(&r));
    if (f0 < 15)
        f0 = 15;
    int fill0 = iround(f0);
    if (backlog) {
        int min_fill = (q->posted - q->opened) + 18 + rng_int(&r, 0, 25);
        if (fill0 < min_fill)
            fill0 = min_fill;
    }
    int accept[3];
    accept[0] = q->opened + q->hold + fill0;
    for (int j = 1; j < q->openings; j++)
        accept[j] = accept[j - 1] + rng_int(&r, 0, 12);
    int cancel_day = q->opened + rng_int(&r, 25, 110);

    /* how many special (offered) applications fit */
    int nspecial_max = (int)q->napps;
    int hires = q->cancelled ? 0 : q->openings;
    if (hires > nspecial_max)
        hires = nspecial_max;
    int declines[3] = {0, 0, 0};
    int total = hires;
    for (int j = 0; j < hires; j++) {
        double p = lerp(0.26, 0.16, tfrac(accept[j]));
        while (declines[j] < 2 && rng_chance(&r, p) && total < nspecial_max) {
            declines[j]++;
            total++;
            p *= 0.5;
        }
    }

    /* requisition dates */
    q->filled = q->closed = NODATE;
    q->hired = 0;
    if (q->cancelled) {
        q->cut = cancel_day;
        if (cancel_day < P.end)
            q->closed = cancel_day;
    } else if (hires == q->openings && accept[hires - 1] < P.end) {
        q->filled = accept[hires - 1];
        q->cut = q->filled + rng_int(&r, 0, 4);
        if (q->cut < P.end)
            q->closed = q->cut;
    } else {
        q->cut = P.end + 365;
    }

    size_t n = 0;
    /* offered applications */
    for (int j = 0; j < hires; j++) {
        app_t *a = app_push(&n);
        a->kind = 1;
        a->internal = (uint8_t)rng_chance(&r, 0.14);
        a->source = (uint8_t)(a->internal ? SRC_INTERNAL : pick_source(&r, tfrac(accept[j]), 1));
        a->diverse = (uint8_t)rng_chance(&r, lerp(0.30, 0.41, tfrac(accept[j])));
        backward_pipeline(a, &r, accept[j], q->posted);
        a->d[ST_ACCEPTED] = accept[j];
        a->d[ST_START] = accept[j] + rng_int(&r, 14, 42);
        int x = a->d[ST_OFFERED];
        for (int k = 0; k < declines[j]; k++) {
            app_t *b = app_push(&n); /* may move abuf: `a` is not used below */
            b->kind = 2;
            b->internal = (uint8_t)rng_chance(&r, 0.05);
            b->source = (uint8_t)(b->internal ? SRC_INTERNAL : pick_source(&r, tfrac(x), 0));
            b->diverse = (uint8_t)rng_chance(&r, 0.36);
            int dec = x - rng_int(&r, 1, 6);
            if (dec < q->posted)
                dec = q->posted;
            backward_pipeline(b, &r, dec, q->posted);
            b->d[ST_DECLINED] = dec;
            x = b->d[ST_OFFERED];
        }
    }
    /* the others */
    int win_end = q->cut < P.end ? q->cut : P.end - 1;
    int win = win_end - q->posted;
    if (win < 0)
        win = 0;
    while (n < q->napps) {
        app_t *a = app_push(&n);
        a->kind = 0;
        double u1 = rng_unit(&r), u2 = rng_unit(&r);
        a->d[ST_APPLIED] = q->posted + (int)((double)(win + 1) * (u1 < u2 ? u1 : u2));
        a->internal = (uint8_t)rng_chance(&r, 0.075);
        a->source =
            (uint8_t)(a->internal ? SRC_INTERNAL : pick_source(&r, tfrac(a->d[ST_APPLIED]), 0));
        a->diverse = (uint8_t)rng_chance(&r, lerp(0.33, 0.37, tfrac(a->d[ST_APPLIED])));
        forward_funnel(a, &r, q);
    }
    /* an offered application whose pipeline starts after the export date
     * does not exist yet: it becomes an ordinary one */
    for (size_t i = 0; i < n; i++) {
        app_t *a = &abuf[i];
        if (a->kind != 0 && a->d[ST_APPLIED] >= P.end) {
            app_clear(a);
            a->kind = 0;
            a->d[ST_APPLIED] = q->posted + rng_int(&r, 0, win);
            forward_funnel(a, &r, q);
        }
    }
    qsort(abuf, n, sizeof *abuf, cmp_app);

    /* write in application order */
    for (size_t i = 0; i < n; i++) {
        app_t *a = &abuf[i];
        uint64_t app_id = next_app++;
        new_candidate(a, &r, (int)ri);
        truncate_app(a);
        if (a->d[ST_ACCEPTED] != NODATE)
            q->hired++;
        if (o_app.on) {
            out_t *o = &o_app;
            out_reserve(o, 320);
            put_id(o, 'A', app_w, app_id);
            put_ch(o, ',');
            put_id(o, 'R', req_w, ri + 1);
            put_ch(o, ',');
            put_id(o, 'C', cand_w, a->cand);
            put_ch(o, ',');
            put_str(o, src_name[a->source]);
            put_ch(o, ',');
            put_str(o, "REC");
            put_num(o, rec_w, q->recruiter);
            put_ch(o, ',');
            put_date(o, a->d[ST_APPLIED]);
            put_ch(o, ',');
            put_date(o, a->d[ST_SCREENED]);
            put_ch(o, ',');
            put_date(o, a->d[ST_SUBMITTED]);
            put_ch(o, ',');
            put_date(o, a->d[ST_INTERVIEWED]);
            put_ch(o, ',');
            put_date(o, a->d[ST_OFFERED]);
            put_ch(o, ',');
            put_date(o, a->d[ST_ACCEPTED]);
            put_ch(o, ',');
            put_date(o, a->d[ST_DECLINED]);
            put_ch(o, ',');
            put_date(o, a->d[ST_ACCEPTED]); /* hired_at: same day as accepted */
            put_ch(o, ',');
            put_date(o, a->d[ST_START]);
            put_ch(o, ',');
            put_date(o, a->d[ST_REJECTED]);
            put_ch(o, ',');
            put_date(o, a->d[ST_WITHDRAWN]);
            put_ch(o, ',');
            put_bool(o, a->internal);
            put_ch(o, ',');
            put_bool(o, a->diverse);
            put_ch(o, '\n');
        }
        if (a->d[ST_ACCEPTED] != NODATE) {
            write_hire(q, ri, a, app_id, &h, &c);
            /* hiring-manager satisfaction with the hire's process */
            if (rng_chance(&s, 0.7)) {
                int date = a->d[ST_ACCEPTED] + rng_int(&s, 7, 21);
                int sc = score_around(&s, iround(lerp(33, 43, tfrac(date))), 14, 5);
                if (date < P.end && o_survey.on)
                    write_survey_row("hm_satisfaction", date, "overall", sc,
                                     stakeholder_index(1, q->hm), "hiring_managers", ri + 1);
            }
        }
        candidate_nps(&s, a, ri + 1);
    }
    /* posting on job boards */
    add_cost(q->posted, (int64_t)rng_int(&c, 250, 900) * 100 + rng_int(&c, 0, 1) * 50, 0,
             CAT_JOBBOARDS, 1, ri + 1, SRC_JOBBOARD);
}

/* ----------------------------------------------------------- other files */

static void write_requisitions(void)
{
    out_t *o = &o_req;
    for (int i = 0; i < nreq; i++) {
        const req_t *q = &reqs[i];
        out_reserve(o, 320);
        put_id(o, 'R', req_w, (uint64_t)i + 1);
        put_ch(o, ',');
        put_date(o, q->opened);
        put_ch(o, ',');
        put_date(o, q->posted);
        put_ch(o, ',');
        put_date(o, q->filled);
        put_ch(o, ',');
        put_date(o, q->closed);
        put_ch(o, ',');
        if (q->closed != NODATE)
            put_str(o, q->cancelled ? "cancelled" : "filled");
        put_ch(o, ',');
        put_int(o, q->hold);
        put_ch(o, ',');
        put_int(o, q->openings);
        put_ch(o, ',');
        put_str(o, dept_name[q->dept]);
        put_ch(o, ',');
        put_str(o, loc_name[q->loc]);
        put_ch(o, ',');
        put_str(o, level_name[q->level]);
        put_ch(o, ',');
        put_str(o, family_name[q->dept][q->family]);
        put_ch(o, ',');
        put_str(o, "HM");
        put_num(o, hm_w, q->hm);
        put_ch(o, ',');
        put_str(o, "REC");
        put_num(o, rec_w, q->recruiter);
        put_ch(o, ',');
        put_bool(o, q->critical);
        put_ch(o, ',');
        put_str(o, q->provider ? "provider" : "client");
        put_ch(o, ',');
        put_int(o, q->sla);
        put_ch(o, '\n');
    }
}

static int cmp_cost(const void *x, const void *y)
{
    const cost_t *a = x, *b = y;
    if (a->date != b->date)
        return a->date < b->date ? -1 : 1;
    return (a->seq > b->seq) - (a->seq < b->seq);
}

static void monthly_costs(void)
{
    double scale = (double)nreq / 150.0;
    if (scale < 0.05)
        scale = 0.05;
    for (int k = 0; k < P.months; k++) {
        rng_t g;
        rng_init(&g, P.seed, 7, (uint64_t)k);
        int ms = month_start(P.start, k), me = month_start(P.start, k + 1) - 1;
        double t = ((double)k + 0.5) / (double)P.months;
        int rc = recruiter_count(k);
        /* loaded monthly cost of a recruiter, with bonuses/overtime noise */
        int64_t sal = (int64_t)rc * 580000 + (int64_t)rng_int(&g, -20000, 40000) * rc;
        add_cost(me, sal, 1, CAT_SALARIES, 1, 0, NSRC);
        int64_t tools = 160000 + (int64_t)rc * 18000 + iround(lerp(0, 40000, t));
        add_cost(ms, tools, 1, CAT_TOOLS, 1, 0, NSRC);
        int64_t adv = (int64_t)iround(lerp(260000, 170000, t) * scale) + rng_int(&g, 0, 30000);
        add_cost(ms + rng_int(&g, 3, 20), adv, 0, CAT_ADVERTISING, 1, 0, NSRC);
    }
}

static void write_costs(void)
{
    qsort(costs, ncost, sizeof *costs, cmp_cost);
    out_t *o = &o_cost;
    for (size_t i = 0; i < ncost; i++) {
        const cost_t *c = &costs[i];
        out_reserve(o, 200);
        put_date(o, c->date);
        put_ch(o, ',');
        put_money(o, c->cents);
        put_ch(o, ',');
        put_str(o, c->type ? "internal" : "external");
        put_ch(o, ',');
        put_str(o, cat_name[c->cat]);
        put_ch(o, ',');
        put_bool(o, c->comparable);
        put_ch(o, ',');
        if (c->req)
            put_id(o, 'R', req_w, c->req);
        put_ch(o, ',');
        if (c->source != NSRC)
            put_str(o, src_name[c->source]);
        put_str(o, ",EUR\n");
    }
}

/*
 * The change-management stakeholders ADKAR surveys (recruiters, a sample of
 * hiring managers, HR) calls back each quarter: for each, STAGE returns the
 * mean score in tenths of ITEM at time T (0..1 of the engagement).
 */
typedef int (*item_mean_fn)(int item, double t, int group);

static void stakeholder_surveys(const char *instrument, const char *const *items, int n_items,
                                item_mean_fn mean_of, uint64_t stream)
{
    static const char *const group_name[3] = {"recruiters", "hiring_managers", "hr"};
    int nhm = NDEPT * (nreq / 20 < 3 ? 3 : nreq / 20);
    for (int k = 2; k < P.months; k += 3) {
        int date = month_start(P.start, k) + 14;
        if (date >= P.end)
            break;
        rng_t g;
        rng_init(&g, P.seed, stream, (uint64_t)k);
        double t = tfrac(date);
        int rc = recruiter_count(k);
        double hm_p = 16.0 / (double)nhm;
        for (int grp = 0; grp < 3; grp++) {
            int count = grp == 0 ? rc : grp == 1 ? nhm : 5;
            for (int who = 1; who <= count; who++) {
                if (grp == 1 && !rng_chance(&g, hm_p))
                    continue;
                if (!rng_chance(&g, 0.85))
                    continue;
                for (int it = 0; it < n_items; it++)
                    write_survey_row(instrument, date, items[it],
                                     score_around(&g, mean_of(it, t, grp), 16, 5),
                                     stakeholder_index(grp, (uint64_t)who), group_name[grp], 0);
            }
        }
    }
}

/* Lewin: unfreezing is done early, the change peaks midway, refreezing
 * comes last; driving forces hold, restraining forces fade. */
static const char *const lewin_items[] = {
    "unfreeze.urgency", "unfreeze.case_for_change", "change.training", "change.support",
    "refreeze.new_habits", "refreeze.rewards", "driving.client_sponsorship",
    "driving.time_to_fill_pressure", "driving.cost_targets", "restraining.legacy_ats",
    "restraining.hm_availability", "restraining.job_security_fears",
    "restraining.process_complexity"};

static int lewin_mean(int item, double t, int group)
{
    static const int m0[13] = {31, 29, 22, 24, 16, 18, 41, 37, 35, 40, 36, 34, 38};
    static const int m1[13] = {44, 42, 41, 40, 37, 35, 42, 38, 36, 24, 27, 20, 29};
    static const int group_off[3] = {2, -3, 0};
    return iround(lerp(m0[item], m1[item], t)) + (item < 6 ? group_off[group] : 0);
}

/* McKinsey 7-S: each element now and as target; shared values and systems
 * lag, structure and strategy lead. */
static const char *const seven_s_items[] = {
    "strategy.now",      "strategy.target",      "structure.now", "structure.target",
    "systems.now",       "systems.target",       "shared_values.now", "shared_values.target",
    "style.now",         "style.target",         "staff.now",     "staff.target",
    "skills.now",        "skills.target"};

static int seven_s_mean(int item, double t, int group)
{
    static const int now0[7] = {32, 30, 19, 21, 27, 29, 26}, now1[7] = {43, 41, 33, 30, 37, 38, 39};
    static const int target[7] = {46, 44, 45, 44, 43, 42, 45};
    static const int group_off[3] = {1, -2, 2};
    int e = item / 2;
    return item % 2 ? target[e] : iround(lerp(now0[e], now1[e], t)) + group_off[group];
}

static int adkar_mean(int item, double t, int group)
{
    /* means in tenths at the start and the end of the period */
    static const int m0[5] = {33, 27, 24, 22, 19}, m1[5] = {45, 41, 40, 39, 37};
    static const int group_off[3] = {0, -3, 3};
    return iround(lerp(m0[item], m1[item], t)) + group_off[group];
}

static void write_risks(void)
{
    static const struct {
        const char *title, *cat, *owner;
        int sev, at_pct, days_open; /* days_open 0 = stays open */
    } risk[] = {
        {"ATS data migration incomplete at transition", "operational", "provider", 4, 1, 45},
        {"Hiring managers slow to give interview feedback", "operational", "client", 4, 4, 160},
        {"Senior engineering talent shortage in Munich", "gap", "provider", 5, 8, 0},
        {"Dependence on agencies for sales roles", "strategic", "provider", 3, 12, 300},
        {"Offer approval workflow needs three sign-offs", "operational", "client", 4, 18, 120},
        {"Salary bands below market for data roles", "gap", "client", 4, 27, 210},
        {"Recruiter turnover at the provider", "operational", "provider", 3, 35, 90},
        {"Low employer-brand awareness in Madrid", "strategic", "client", 2, 44, 0},
        {"Shortlists below the diversity target", "gap", "provider", 3, 52, 180},
        {"Unclear SLA ownership between client and provider", "strategic", "client", 3, 61, 75},
        {"Background-check vendor turnaround above 10 days", "operational", "provider", 2, 73, 40},
        {"Possible hiring freeze in Finance", "strategic", "client", 4, 86, 0},
    };
    rng_t g;
    rng_init(&g, P.seed, 9, 0);
    int span = P.end - P.start;
    out_t *o = &o_risk;
    for (size_t i = 0; i < sizeof risk / sizeof risk[0]; i++) {
        int raised = P.start + span * risk[i].at_pct / 100 + rng_int(&g, 0, 9);
        if (raised >= P.end)
            raised = P.end - 1;
        int sev = risk[i].sev + rng_int(&g, -1, 1) * (rng_chance(&g, 0.3) ? 1 : 0);
        if (sev < 1)
            sev = 1;
        if (sev > 5)
            sev = 5;
        int closed = NODATE;
        if (risk[i].days_open) {
            closed = raised + risk[i].days_open + rng_int(&g, -10, 20);
            if (closed >= P.end)
                closed = NODATE;
        }
        out_reserve(o, 256);
        put_str(o, "RISK");
        put_num(o, 3, i + 1);
        put_ch(o, ',');
        put_date(o, raised);
        put_ch(o, ',');
        put_str(o, risk[i].title);
        put_ch(o, ',');
        put_str(o, risk[i].cat);
        put_ch(o, ',');
        put_int(o, sev);
        put_ch(o, ',');
        put_str(o, closed == NODATE ? "open" : "closed");
        put_ch(o, ',');
        put_date(o, closed);
        put_ch(o, ',');
        put_str(o, risk[i].owner);
        put_ch(o, '\n');
    }
}

static void write_levers_outcomes(void)
{
    for (int k = 0; k < P.months; k++) {
        rng_t g;
        rng_init(&g, P.seed, 10, (uint64_t)k);
        int date = month_start(P.start, k);
        double t = ((double)k + 0.5) / (double)P.months;
        int rc = recruiter_count(k);
        int cap = iround((double)rc * lerp(38, 60, t)) + rng_int(&g, -3, 3);
        int attr = iround(lerp(1080, 610, t)) + rng_int(&g, -110, 110); /* hundredths */
        int hmr = iround(lerp(338, 425, t)) + rng_int(&g, -12, 12);
        if (o_lever.on) {
            out_t *o = &o_lever;
            out_reserve(o, 128);
            put_date(o, date);
            put_str(o, ",recruiter_count,");
            put_int(o, rc);
            put_ch(o, '\n');
            put_date(o, date);
            put_str(o, ",screening_capacity,");
            put_int(o, cap);
            put_ch(o, '\n');
        }
        if (o_outcome.on) {
            out_t *o = &o_outcome;
            out_reserve(o, 128);
            put_date(o, date);
            put_str(o, ",early_attrition_pct,");
            put_hundredths(o, attr);
            put_ch(o, '\n');
            put_date(o, date);
            put_str(o, ",hm_rating,");
            put_hundredths(o, hmr);
            put_ch(o, '\n');
        }
    }
}

/* ------------------------------------------------------------------ CLI */

static void usage(FILE *f)
{
    fputs("usage: rpo-gen --out DIR [--seed N] [--applications N] [--start YYYY-MM-DD]\n"
          "               [--months M] [--only LIST]\n"
          "\n"
          "Writes the CSV files of one synthetic RPO engagement into DIR (created if\n"
          "needed). Same arguments, same bytes.\n"
          "\n"
          "  --out DIR           output folder (required)\n"
          "  --seed N            PRNG seed (default 1)\n"
          "  --applications N    number of applications (default 6000; ~1 requisition\n"
          "                      per 36 applications)\n"
          "  --start YYYY-MM-DD  first day of the engagement (default 2024-01-01)\n"
          "  --months M          length of the period in months (default 24)\n"
          "  --only LIST         comma list of files to write, of: requisitions,\n"
          "                      applications, hires, costs, surveys, risks, levers,\n"
          "                      outcomes (default all)\n",
          f);
}

static int parse_u64(const char *s, uint64_t *out)
{
    if (!*s)
        return -1;
    uint64_t v = 0;
    for (; *s; s++) {
        if (*s < '0' || *s > '9')
            return -1;
        unsigned d = (unsigned)(*s - '0');
        if (v > (UINT64_MAX - d) / 10)
            return -1;
        v = v * 10 + d;
    }
    *out = v;
    return 0;
}

static int parse_only(const char *s, unsigned *mask)
{
    *mask = 0;
    while (*s) {
        const char *e = strchr(s, ',');
        size_t n = e ? (size_t)(e - s) : strlen(s);
        size_t i;
        for (i = 0; i < sizeof file_names / sizeof file_names[0]; i++)
            if (strlen(file_names[i].name) == n && !strncmp(file_names[i].name, s, n))
                break;
        if (i == sizeof file_names / sizeof file_names[0]) {
            fprintf(stderr, "rpo-gen: --only: unknown file '%.*s'\n", (int)n, s);
            return -1;
        }
        *mask |= file_names[i].flag;
        s += n;
        if (*s == ',')
            s++;
    }
    return *mask ? 0 : -1;
}

static int mkdir_p(const char *dir)
{
    char *p = xmalloc(strlen(dir) + 1);
    strcpy(p, dir);
    for (char *c = p + 1; *c; c++) {
        if (*c == '/') {
            *c = 0;
            if (mkdir(p, 0777) != 0 && errno != EEXIST) {
                free(p);
                return -1;
            }
            *c = '/';
        }
    }
    int rc = mkdir(p, 0777);
    free(p);
    if (rc != 0 && errno != EEXIST)
        return -1;
    struct stat st;
    if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
        errno = ENOTDIR;
        return -1;
    }
    return 0;
}

int main(int argc, char **argv)
{
    const char *out = NULL;
    P.seed = 1;
    P.napps = 6000;
    P.months = 24;
    P.only = F_ALL;
    if (parse_date("2024-01-01", &P.start) != 0)
        return 70;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            usage(stdout);
            return 0;
        }
        const char *v = NULL;
        const char *eq = strchr(a, '=');
        char name[32];
        if (eq && a[0] == '-' && (size_t)(eq - a) < sizeof name) {
            memcpy(name, a, (size_t)(eq - a));
            name[eq - a] = 0;
            v = eq + 1;
            a = name;
        } else if (i + 1 < argc) {
            v = argv[++i];
        }
        uint64_t u;
        if (strcmp(a, "--out") && strcmp(a, "--seed") && strcmp(a, "--applications") &&
            strcmp(a, "--start") && strcmp(a, "--months") && strcmp(a, "--only")) {
            fprintf(stderr, "rpo-gen: unknown option %s\n", a);
            usage(stderr);
            return EX_USAGE_CODE;
        }
        if (!v) {
            fprintf(stderr, "rpo-gen: %s needs a value\n", a);
            usage(stderr);
            return EX_USAGE_CODE;
        }
        if (!strcmp(a, "--out")) {
            out = v;
        } else if (!strcmp(a, "--seed")) {
            if (parse_u64(v, &u) != 0) {
                fprintf(stderr, "rpo-gen: --seed: not a number: %s\n", v);
                return EX_USAGE_CODE;
            }
            P.seed = u;
        } else if (!strcmp(a, "--applications")) {
            if (parse_u64(v, &u) != 0 || u < 1 || u > 1000000000) {
                fprintf(stderr, "rpo-gen: --applications: want 1..1000000000: %s\n", v);
                return EX_USAGE_CODE;
            }
            P.napps = (long long)u;
        } else if (!strcmp(a, "--start")) {
            if (parse_date(v, &P.start) != 0) {
                fprintf(stderr, "rpo-gen: --start: want a date YYYY-MM-DD: %s\n", v);
                return EX_USAGE_CODE;
            }
        } else if (!strcmp(a, "--months")) {
            if (parse_u64(v, &u) != 0 || u < 1 || u > 600) {
                fprintf(stderr, "rpo-gen: --months: want 1..600: %s\n", v);
                return EX_USAGE_CODE;
            }
            P.months = (int)u;
        } else if (!strcmp(a, "--only")) {
            if (parse_only(v, &P.only) != 0) {
                usage(stderr);
                return EX_USAGE_CODE;
            }
        } else {
            fprintf(stderr, "rpo-gen: unknown option %s\n", a);
            usage(stderr);
            return EX_USAGE_CODE;
        }
    }
    if (!out) {
        fprintf(stderr, "rpo-gen: --out DIR is required\n");
        usage(stderr);
        return EX_USAGE_CODE;
    }
    g_outdir = out;
    if (mkdir_p(out) != 0) {
        fprintf(stderr, "rpo-gen: cannot create folder %s: %s\n", out, strerror(errno));
        return EX_CANTCREAT_CODE;
    }
    {
        /* the period ends (exclusive) on the same day of the month, M months on */
        int sy, sm, sd, ey, em, ed;
        civil_from_days(P.start, &sy, &sm, &sd);
        P.end = month_start(P.start, P.months);
        civil_from_days(P.end, &ey, &em, &ed);
        int last = days_in_month(ey, em);
        P.end += (sd <= last ? sd : last) - 1;
    }

    build_requisitions();
    req_w = ndigits((uint64_t)nreq);
    if (req_w < 5)
        req_w = 5;
    app_w = ndigits((uint64_t)P.napps);
    if (app_w < 7)
        app_w = 7;
    cand_w = ndigits((uint64_t)P.napps) + 1;
    if (cand_w < 7)
        cand_w = 7;
    resp_w = ndigits((uint64_t)P.napps * 2 + 100000);
    if (resp_w < 6)
        resp_w = 6;
    perm_init(&cand_perm, pow10u(cand_w), mix64(P.seed ^ UINT64_C(0xC0FFEE)));
    perm_init(&resp_perm, pow10u(resp_w), mix64(P.seed ^ UINT64_C(0x5EED5)));

    cache_lo = P.start - 400;
    cache_hi = P.end + 800;
    date_cache = xmalloc((size_t)(cache_hi - cache_lo + 1) * 10);
    for (int z = cache_lo; z <= cache_hi; z++)
        format_date(z, date_cache + (size_t)(z - cache_lo) * 10);

    out_open(&o_req, "requisitions.csv", (P.only & F_REQ) != 0,
             "id,opened_at,posted_at,filled_at,closed_at,close_reason,hold_days,openings,"
             "department,location,level,job_family,hiring_manager,recruiter,critical,owner,"
             "sla_days");
    out_open(&o_app, "applications.csv", (P.only & F_APP) != 0,
             "id,requisition_id,candidate_id,source,recruiter,applied_at,screened_at,"
             "submitted_at,interviewed_at,offered_at,offer_accepted_at,offer_declined_at,"
             "hired_at,start_date,rejected_at,withdrawn_at,internal,diverse");
    out_open(&o_hire, "hires.csv", (P.only & F_HIRE) != 0,
             "application_id,start_date,left_at,left_reason,performance,ramp_days,"
             "hm_rating_90d,first_year_pay");
    out_open(&o_cost, "costs.csv", (P.only & F_COST) != 0,
             "date,amount,type,category,comparable,requisition_id,source,currency");
    out_open(&o_survey, "surveys.csv", (P.only & F_SURVEY) != 0,
             "instrument,date,item,score,respondent,group,requisition_id");
    out_open(&o_risk, "risks.csv", (P.only & F_RISK) != 0,
             "id,raised_at,title,category,severity,status,closed_at,owner");
    out_open(&o_lever, "levers.csv", (P.only & F_LEVER) != 0, "date,name,value");
    out_open(&o_outcome, "outcomes.csv", (P.only & F_OUTCOME) != 0, "date,name,value");

    if (P.only & (F_REQ | F_APP | F_HIRE | F_COST | F_SURVEY))
        for (int i = 0; i < nreq; i++)
            simulate_requisition((uint32_t)i);
    if (o_req.on)
        write_requisitions();
    if (o_cost.on) {
        monthly_costs();
        write_costs();
    }
    if (o_survey.on) {
        static const char *const adkar_items[] = {"awareness", "desire", "knowledge", "ability",
                                                  "reinforcement"};
        stakeholder_surveys("adkar", adkar_items, 5, adkar_mean, 8);
        stakeholder_surveys("lewin", lewin_items, 13, lewin_mean, 9);
        stakeholder_surveys("7s", seven_s_items, 14, seven_s_mean, 10);
    }
    if (o_risk.on)
        write_risks();
    write_levers_outcomes();

    out_close(&o_req);
    out_close(&o_app);
    out_close(&o_hire);
    out_close(&o_cost);
    out_close(&o_survey);
    out_close(&o_risk);
    out_close(&o_lever);
    out_close(&o_outcome);
    free(reqs);
    free(abuf);
    free(costs);
    free(date_cache);
    return 0;
}
