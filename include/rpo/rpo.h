/*
 * rpo/rpo.h — the whole plugin SDK in one include. Plugins include only
 * headers under rpo/; nothing else of the engine is visible to them.
 */
#ifndef RPO_RPO_H
#define RPO_RPO_H
#include <rpo/status.h>
#include <rpo/log.h>
#include <rpo/config.h>
#include <rpo/record.h>
#include <rpo/report.h>
#include <rpo/output.h>
#include <rpo/plugin.h>
#include <rpo/metric.h>
#include <rpo/framework.h>
#endif
