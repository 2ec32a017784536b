/*
 * sink_html/esc.c — escaped writing and the texts of values (html.h).
 */
#include "html.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "../sink_common/text.h"

void html_raw(html_out *o, const char *s)
{
    if (o->rc == RPO_OK && s != NULL)
        fputs(s, o->fp);
}

void html_printf(html_out *o, const char *fmt, ...)
{
    va_list ap;

    if (o->rc != RPO_OK)
        return;
    va_start(ap, fmt);
    vfprintf(o->fp, fmt, ap);
    va_end(ap);
}

/*
 * Every text from the report (engagement names, metric names, risk titles,
 * file names) goes through here: it may hold markup characters, and the
 * same escaping serves element content and quoted attribute values.
 */
void html_text(html_out *o, const char *s)
{
    if (o->rc != RPO_OK || s == NULL)
        return;
    for (; *s != '\0'; s++) {
        unsigned char c = (unsigned char)*s;
        switch (c) {
        case '&': fputs("&amp;", o->fp); break;
        case '<': fputs("&lt;", o->fp); break;
        case '>': fputs("&gt;", o->fp); break;
        case '"': fputs("&quot;", o->fp); break;
        case '\'': fputs("&#39;", o->fp); break;
        default:
            fputc((c < 0x20 && c != '\t' && c != '\n') || c == 0x7F ? '?' : c, o->fp);
        }
    }
}

void html_take(html_out *o, char *s)
{
    if (s == NULL) {
        if (o->rc == RPO_OK)
            o->rc = RPO_ENOMEM;
        return;
    }
    html_text(o, s);
    free(s);
}

unsigned html_new_id(html_out *o)
{
    return ++o->next_id;
}

char *html_value_text(const rpo_metric_info *m, const rpo_metric_value *v, unsigned min_n)
{
    if (v == NULL || v->state == RPO_VALUE_EMPTY)
        return sink_text_printf("%s", "-");
    if (v->state == RPO_VALUE_INSUFFICIENT)
        return sink_text_printf("n<%u", min_n);
    return sink_text_number(m->unit, v->value);
}

char *html_change_text(const rpo_metric_info *m, double d)
{
    char *num = sink_text_number(m->unit == RPO_UNIT_PERCENT ? RPO_UNIT_RATIO : m->unit, d);
    char *s;

    if (num == NULL)
        return NULL;
    s = sink_text_printf("%s%s%s", d > 0 ? "+" : "", num,
                         m->unit == RPO_UNIT_PERCENT ? " pp" : "");
    free(num);
    return s;
}

const char *html_status_class(rpo_target_status status)
{
    switch (status) {
    case RPO_STATUS_MET: return "st-met";
    case RPO_STATUS_NEAR: return "st-near";
    case RPO_STATUS_MISSED: return "st-missed";
    case RPO_STATUS_INSUFFICIENT: return "st-unknown";
    default: return "st-none";
    }
}

void html_value_cell(const html_page *pg, const rpo_metric_info *m, const rpo_metric_value *v,
                     const char *period)
{
    html_out *o = pg->o;

    html_raw(o, "<td class=\"num\"");
    if (period != NULL) {
        html_raw(o, " data-period=\"");
        html_text(o, period);
        html_raw(o, "\"");
    }
    html_raw(o, ">");
    html_take(o, html_value_text(m, v, pg->h->min_n));
    if (v != NULL && v->status != RPO_STATUS_NONE) {
        html_printf(o, " <span class=\"status %s\">", html_status_class(v->status));
        html_take(o, sink_text_status(v, pg->h->min_n));
        html_raw(o, "</span>");
    }
    html_raw(o, "</td>");
}

long html_find_metric(const rpo_report *r, const char *id)
{
    for (size_t i = 0; i < rpo_report_metric_count(r); i++) {
        const rpo_metric_info *m = rpo_report_metric_at(r, i);
        if (m != NULL && strcmp(sink_text_or_empty(m->id), id) == 0)
            return (long)i;
    }
    return -1;
}

const char *html_period_label(const rpo_report *r, size_t p)
{
    const rpo_period *per = rpo_report_period_at(r, p);
    return per != NULL ? sink_text_or_empty(per->label) : "";
}

void html_section_open(html_out *o, const char *id, const char *title)
{
    html_printf(o, "<section id=\"%s\" aria-labelledby=\"%s-h\">\n<h2 id=\"%s-h\">", id, id, id);
    html_text(o, title);
    html_raw(o, "</h2>\n");
}
