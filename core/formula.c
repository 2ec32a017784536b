/*
 * formula.c — custom metric formulas (see formula.h): a recursive-descent
 * parser that compiles the text to postfix code, and a stack machine that
 * evaluates it.
 */
#include "formula.h"
#include "parse.h"
#include "strmap.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

/* Values on the evaluation stack at once. Each nesting level keeps at most
 * three pending values (a sum's left side, a product's left side and a
 * min/max's running result), so this bounds every formula the parser takes;
 * the parser still checks it. */
#define STACK_MAX (3 * (RPO_FORMULA_MAX_DEPTH + 2))

enum op { OP_NUM, OP_REF, OP_NEG, OP_ADD, OP_SUB, OP_MUL, OP_DIV, OP_MIN, OP_MAX };

typedef struct instr {
    enum op op;
    size_t ref;   /* OP_REF: index into refs */
    double num;   /* OP_NUM */
} instr;

struct rpo_formula {
    instr *code;
    size_t n_code;
    char **refs;
    size_t n_refs;
};

enum tok { T_END, T_NUM, T_NAME, T_PLUS, T_MINUS, T_STAR, T_SLASH, T_LPAREN, T_RPAREN, T_COMMA };

typedef struct parser {
    const char *s;
    size_t pos;               /* where the lexer goes on */
    enum tok tok;             /* the current token, at s[off..off+len) */
    size_t off, len;
    int depth;
    size_t height, max_height; /* evaluation stack, as the code is emitted */
    size_t cap_code, cap_refs;
    rpo_strmap ref_index;     /* name → size_t index into f->refs */
    rpo_formula *f;
    const char *err;          /* set once, at the first error */
    size_t err_off;
} parser;

/* "unknown character 'c'" for each printable ASCII character c from '!' to '~'. */
static const char *const unknown_ascii[] = {
    "unknown character '!'", "unknown character '\"'", "unknown character '#'",
    "unknown character '$'", "unknown character '%'", "unknown character '&'",
    "unknown character '''", "unknown character '('", "unknown character ')'",
    "unknown character '*'", "unknown character '+'", "unknown character ','",
    "unknown character '-'", "unknown character '.'", "unknown character '/'",
    "unknown character '0'", "unknown character '1'", "unknown character '2'",
    "unknown character '3'", "unknown character '4'", "unknown character '5'",
    "unknown character '6'", "unknown character '7'", "unknown character '8'",
    "unknown character '9'", "unknown character ':'", "unknown character ';'",
    "unknown character '<'", "unknown character '='", "unknown character '>'",
    "unknown character '?'", "unknown character '@'", "unknown character 'A'",
    "unknown character 'B'", "unknown character 'C'", "unknown character 'D'",
    "unknown character 'E'", "unknown character 'F'", "unknown character 'G'",
    "unknown character 'H'", "unknown character 'I'", "unknown character 'J'",
    "unknown character 'K'", "unknown character 'L'", "unknown character 'M'",
    "unknown character 'N'", "unknown character 'O'", "unknown character 'P'",
    "unknown character 'Q'", "unknown character 'R'", "unknown character 'S'",
    "unknown character 'T'", "unknown character 'U'", "unknown character 'V'",
    "unknown character 'W'", "unknown character 'X'", "unknown character 'Y'",
    "unknown character 'Z'", "unknown character '['", "unknown character '\\'",
    "unknown character ']'", "unknown character '^'", "unknown character '_'",
    "unknown character '`'", "unknown character 'a'", "unknown character 'b'",
    "unknown character 'c'", "unknown character 'd'", "unknown character 'e'",
    "unknown character 'f'", "unknown character 'g'", "unknown character 'h'",
    "unknown character 'i'", "unknown character 'j'", "unknown character 'k'",
    "unknown character 'l'", "unknown character 'm'", "unknown character 'n'",
    "unknown character 'o'", "unknown character 'p'", "unknown character 'q'",
    "unknown character 'r'", "unknown character 's'", "unknown character 't'",
    "unknown character 'u'", "unknown character 'v'", "unknown character 'w'",
    "unknown character 'x'", "unknown character 'y'", "unknown character 'z'",
    "unknown character '{'", "unknown character '|'", "unknown character '}'",
    "unknown character '~'",
};

static int fail(parser *p, size_t off, const char *msg)
{
    if (!p->err) {
        p->err = msg;
        p->err_off = off;
    }
    return -1;
}

static int is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

static int is_digit(char c)
{
    return c >= '0' && c <= '9';
}

static int is_name_char(char c)
{
    return (c >= 'a' && c <= 'z') || c == '_' || is_digit(c);
}

/* Reads the next token into p->tok; returns 0 or -1 on a lexical error. */
static int lex(parser *p)
{
    const char *s = p->s;
    size_t i = p->pos;
    while (is_space(s[i]))
        i++;
    p->off = i;
    const unsigned char c = (unsigned char)s[i];
    enum tok t;
    size_t n = 1;
    if (c == '\0') {
        t = T_END;
        n = 0;
    } else if (is_digit((char)c)) {
        size_t j = i;
        while (is_digit(s[j]))
            j++;
        if (s[j] == '.') {
            if (!is_digit(s[j + 1]))
                return fail(p, j, "expected digits after '.'");
            j++;
            while (is_digit(s[j]))
                j++;
        }
        t = T_NUM;
        n = j - i;
    } else if (is_name_char((char)c)) {
        size_t j = i;
        while (is_name_char(s[j]))
            j++;
        if (s[j] == '.') {
            if (!is_name_char(s[j + 1]))
                return fail(p, j, "expected a suffix after '.'");
            j++;
            while (is_name_char(s[j]))
                j++;
            if (s[j] == '.')
                return fail(p, j, "a name has at most one '.' suffix");
        }
        t = T_NAME;
        n = j - i;
    } else if (c == '+') {
        t = T_PLUS;
    } else if (c == '-') {
        t = T_MINUS;
    } else if (c == '*') {
        t = T_STAR;
    } else if (c == '/') {
        t = T_SLASH;
    } else if (c == '(') {
        t = T_LPAREN;
    } else if (c == ')') {
        t = T_RPAREN;
    } else if (c == ',') {
        t = T_COMMA;
    } else if (c == 0xE2 && (unsigned char)s[i + 1] == 0x88 && (unsigned char)s[i + 2] == 0x92) {
        t = T_MINUS; /* U+2212 MINUS SIGN */
        n = 3;
    } else if (c == 0xC3 && (unsigned char)s[i + 1] == 0x97) {
        t = T_STAR; /* U+00D7 MULTIPLICATION SIGN */
        n = 2;
    } else if (c == 0xC3 && (unsigned char)s[i + 1] == 0xB7) {
        t = T_SLASH; /* U+00F7 DIVISION SIGN */
        n = 2;
    } else if (c >= 'A' && c <= 'Z') {
        return fail(p, i, "names are lower case");
    } else if (c == '.') {
        return fail(p, i, "misplaced '.'");
    } else if (c >= '!' && c <= '~') {
        return fail(p, i, unknown_ascii[c - '!']);
    } else {
        return fail(p, i, "unknown character");
    }
    p->tok = t;
    p->len = n;
    p->pos = i + n;
    return 0;
}

static void emit(parser *p, enum op op, size_t ref, double num)
{
    rpo_formula *f = p->f;
    if (f->n_code == p->cap_code) {
        p->cap_code = p->cap_code ? 2 * p->cap_code : 16;
        f->code = rpo_xrealloc(f->code, p->cap_code * sizeof *f->code);
    }
    f->code[f->n_code++] = (instr){.op = op, .ref = ref, .num = num};
    if (op == OP_NUM || op == OP_REF) {
        if (++p->height > p->max_height)
            p->max_height = p->height;
    } else if (op != OP_NEG) {
        p->height--;
    }
}

/* The index of name s[off..off+len) in f->refs, adding it on first use. */
static size_t ref_of(parser *p, size_t off, size_t len)
{
    int created;
    size_t *idx = rpo_strmap_put(&p->ref_index, p->s + off, len, &created);
    if (created) {
        rpo_formula *f = p->f;
        if (f->n_refs == p->cap_refs) {
            p->cap_refs = p->cap_refs ? 2 * p->cap_refs : 8;
            f->refs = rpo_xrealloc(f->refs, p->cap_refs * sizeof *f->refs);
        }
        *idx = f->n_refs;
        f->refs[f->n_refs++] = rpo_xstrndup(p->s + off, len);
    }
    return *idx;
}

static int enter(parser *p)
{
    if (++p->depth > RPO_FORMULA_MAX_DEPTH)
        return fail(p, p->off, "formula nested too deeply");
    return 0;
}

static int parse_expr(parser *p);

/* min(...) or max(...); the current token is the name. */
static int parse_call(parser *p, int is_min)
{
    const size_t name_off = p->off;
    if (enter(p) || lex(p) /* '(' */ || lex(p))
        return -1;
    if (p->tok == T_RPAREN)
        return fail(p, name_off,
                    is_min ? "min() needs at least one argument" : "max() needs at least one argument");
    if (parse_expr(p))
        return -1;
    while (p->tok == T_COMMA) {
        if (lex(p) || parse_expr(p))
            return -1;
        emit(p, is_min ? OP_MIN : OP_MAX, 0, 0);
    }
    if (p->tok != T_RPAREN)
        return fail(p, p->off, "expected ',' or ')'");
    p->depth--;
    return lex(p);
}

static int parse_primary(parser *p)
{
    switch (p->tok) {
    case T_NUM: {
        double v;
        const char *why;
        if (rpo_parse_number(p->s + p->off, p->len, &v, &why))
            return fail(p, p->off, why);
        emit(p, OP_NUM, 0, v);
        return lex(p);
    }
    case T_NAME: {
        const char *name = p->s + p->off;
        if (p->len == 3 && (!memcmp(name, "min", 3) || !memcmp(name, "max", 3))) {
            size_t j = p->pos;
            while (is_space(p->s[j]))
                j++;
            if (p->s[j] == '(')
                return parse_call(p, name[1] == 'i');
        }
        emit(p, OP_REF, ref_of(p, p->off, p->len), 0);
        return lex(p);
    }
    case T_LPAREN:
        if (enter(p) || lex(p) || parse_expr(p))
            return -1;
        if (p->tok != T_RPAREN)
            return fail(p, p->off, "expected ')'");
        p->depth--;
        return lex(p);
    case T_END:
        return fail(p, p->off, "unexpected end of formula");
    default:
        return fail(p, p->off, "expected a number, name or '('");
    }
}

static int parse_unary(parser *p)
{
    if (p->tok != T_MINUS)
        return parse_primary(p);
    if (enter(p) || lex(p) || parse_unary(p))
        return -1;
    emit(p, OP_NEG, 0, 0);
    p->depth--;
    return 0;
}

static int parse_term(parser *p)
{
    if (parse_unary(p))
        return -1;
    while (p->tok == T_STAR || p->tok == T_SLASH) {
        const enum op op = p->tok == T_STAR ? OP_MUL : OP_DIV;
        if (lex(p) || parse_unary(p))
            return -1;
        emit(p, op, 0, 0);
    }
    return 0;
}

static int parse_expr(parser *p)
{
    if (parse_term(p))
        return -1;
    while (p->tok == T_PLUS || p->tok == T_MINUS) {
        const enum op op = p->tok == T_PLUS ? OP_ADD : OP_SUB;
        if (lex(p) || parse_term(p))
            return -1;
        emit(p, op, 0, 0);
    }
    return 0;
}

/* 1-based column of byte OFF of S, counting UTF-8 lead bytes only. */
static size_t column_of(const char *s, size_t off)
{
    size_t col = 1;
    for (size_t i = 0; i < off; i++)
        col += ((unsigned char)s[i] & 0xC0) != 0x80;
    return col;
}

int rpo_formula_parse(const char *text, rpo_formula **out, size_t *err_col,
                      const char **err_msg)
{
    parser p = {.s = text};
    p.f = rpo_xcalloc(1, sizeof *p.f);
    rpo_strmap_init(&p.ref_index, sizeof(size_t));
    int rc = lex(&p);
    if (!rc && p.tok == T_END)
        rc = fail(&p, 0, "empty formula");
    if (!rc)
        rc = parse_expr(&p);
    if (!rc && p.tok != T_END)
        rc = fail(&p, p.off, p.tok == T_RPAREN ? "unmatched ')'" : "expected an operator");
    if (!rc && p.max_height > STACK_MAX)
        rc = fail(&p, 0, "formula too complex"); /* unreachable: see STACK_MAX */
    rpo_strmap_free(&p.ref_index);
    if (rc) {
        rpo_formula_free(p.f);
        *out = NULL;
        if (err_col)
            *err_col = column_of(text, p.err_off);
        if (err_msg)
            *err_msg = p.err;
        return -1;
    }
    *out = p.f;
    return 0;
}

size_t rpo_formula_ref_count(const rpo_formula *f)
{
    return f->n_refs;
}

const char *rpo_formula_ref(const rpo_formula *f, size_t i)
{
    return f->refs[i];
}

int rpo_formula_eval(const rpo_formula *f, rpo_formula_lookup lookup, void *arg, double *out)
{
    double st[STACK_MAX];
    size_t h = 0;
    for (size_t i = 0; i < f->n_code; i++) {
        const instr *in = &f->code[i];
        switch (in->op) {
        case OP_NUM:
            st[h++] = in->num;
            continue;
        case OP_REF:
            if (lookup(arg, f->refs[in->ref], &st[h]))
                return RPO_FORMULA_UNDEFINED;
            h++;
            continue;
        case OP_NEG:
            st[h - 1] = -st[h - 1];
            continue;
        default:
            break;
        }
        const double a = st[h - 2], b = st[h - 1];
        double r;
        switch (in->op) {
        case OP_ADD:
            r = a + b;
            break;
        case OP_SUB:
            r = a - b;
            break;
        case OP_MUL:
            r = a * b;
            break;
        case OP_DIV:
            if (b == 0)
                return RPO_FORMULA_DIVZERO;
            r = a / b;
            break;
        case OP_MIN:
            r = b < a ? b : a;
            break;
        default: /* OP_MAX */
            r = b > a ? b : a;
            break;
        }
        st[h - 2] = r;
        h--;
    }
    *out = st[0];
    return RPO_FORMULA_OK;
}

void rpo_formula_free(rpo_formula *f)
{
    if (!f)
        return;
    for (size_t i = 0; i < f->n_refs; i++)
        free(f->refs[i]);
    free(f->refs);
    free(f->code);
    free(f);
}
