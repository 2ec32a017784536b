/*
 * framework.h — the engine's side of framework plugins: assessments as
 * plugins build them and sinks read them (rpo/framework.h).
 */
#ifndef RPO_CORE_FRAMEWORK_H
#define RPO_CORE_FRAMEWORK_H

#include <rpo/framework.h>
#include <rpo/status.h>
#include "calendar.h"

/* rpo_assessment_new — an empty assessment whose periods are CAL's (kept,
 * not copied). Free with rpo_assessment_free. */
rpo_assessment *rpo_assessment_new(const rpo_calendar *cal);

/* rpo_assessment_free — release A; NULL is fine. */
void rpo_assessment_free(rpo_assessment *a);

/*
 * rpo_assessment_view — fill V's index_name, stage_name and groups from A;
 * *GROUPS receives the group array V points to (the caller frees it; the
 * strings and inner arrays stay A's). A must not change afterwards.
 */
void rpo_assessment_view(rpo_assessment *a, rpo_framework_view *v,
                         rpo_assessment_group_view **groups);

#endif
