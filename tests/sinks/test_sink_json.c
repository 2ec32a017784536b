/*
 * test_sink_json — unit tests of the json sink, calling its callbacks
 * directly on the fixture of fake_report.c (no librpo involved).
 *
 * The golden strings pin the bytes; test_fields parses the output back and
 * checks every field against the fixture independently of the goldens.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fake_report.h"
/*
 * Allocation failures: the plugin source is compiled into this file with
 * malloc, calloc and realloc routed through a budget, so a test can make
 * the Nth allocation fail (and jansson's, through json_set_alloc_funcs).
 * <stdlib.h> is included above, so the macros only rename the plugin's
 * calls, not the library's declarations.
 */
#include "budget_alloc.h"

#define malloc budget_malloc
#define calloc budget_calloc
#define realloc budget_realloc
#include "../../plugins/sink_common/text.c"
#include "../../plugins/sink_json/json.c"
#undef malloc
#undef calloc
#undef realloc

#define SINK sink_json_LTX_rpo_plugin

/* The fixture, pretty (the default). */
static const char golden_pretty[] =
    "{\n"
    "  \"schema\": \"rpo-report\",\n"
    "  \"schema_version\": 2,\n"
    "  \"generator\": \"rpo 0.1.0\",\n"
    "  \"engagement\": {\n"
    "    \"name\": \"Acme hiring 2024\",\n"
    "    \"client\": \"Acme Corp\",\n"
    "    \"provider\": \"TalentCo\",\n"
    "    \"currency\": \"EUR\",\n"
    "    \"as_of\": \"2024-09-30\",\n"
    "    \"min_n\": 5,\n"
    "    \"phase\": \"run\",\n"
    "    \"previous_run_as_of\": \"2024-09-15\"\n"
    "  },\n"
    "  \"periods\": [\n"
    "    {\n"
    "      \"label\": \"2024Q1\",\n"
    "      \"first_day\": \"2024-01-01\",\n"
    "      \"last_day\": \"2024-03-31\",\n"
    "      \"complete\": true\n"
    "    },\n"
    "    {\n"
    "      \"label\": \"2024Q2\",\n"
    "      \"first_day\": \"2024-04-01\",\n"
    "      \"last_day\": \"2024-06-30\",\n"
    "      \"complete\": true\n"
    "    },\n"
    "    {\n"
    "      \"label\": \"2024Q3\",\n"
    "      \"first_day\": \"2024-07-01\",\n"
    "      \"last_day\": \"2024-09-30\",\n"
    "      \"complete\": true\n"
    "    },\n"
    "    {\n"
    "      \"label\": \"overall\",\n"
    "      \"first_day\": \"\",\n"
    "      \"last_day\": \"2024-09-30\",\n"
    "      \"complete\": false\n"
    "    }\n"
    "  ],\n"
    "  \"metrics\": [\n"
    "    {\n"
    "      \"id\": \"requisitions_opened\",\n"
    "      \"name\": \"Requisitions opened\",\n"
    "      \"unit\": \"count\",\n"
    "      \"direction\": \"none\",\n"
    "      \"period_event\": \"requisition opened\",\n"
    "      \"process_area\": \"before a role is live\",\n"
    "      \"definition\": \"Requisitions whose opened_at falls in the period.\",\n"
    "      \"distribution\": false,\n"
    "      \"dimensions\": [\n"
    "        \"department\"\n"
    "      ],\n"
    "      \"key\": false,\n"
    "      \"origin\": \"built-in\",\n"
    "      \"values\": {\n"
    "        \"2024Q1\": {\n"
    "          \"state\": \"ok\",\n"
    "          \"n\": 14,\n"
    "          \"value\": 14,\n"
    "          \"status\": \"none\",\n"
    "          \"target\": null,\n"
    "          \"baseline\": null,\n"
    "          \"change_vs_baseline\": null,\n"
    "          \"change_vs_previous\": null,\n"
    "          \"previous_run\": null,\n"
    "          \"change_vs_run\": null,\n"
    "          \"previous_status\": null\n"
    "        },\n"
    "        \"2024Q2\": {\n"
    "          \"state\": \"ok\",\n"
    "          \"n\": 9,\n"
    "          \"value\": 9,\n"
    "          \"status\": \"none\",\n"
    "          \"target\": null,\n"
    "          \"baseline\": null,\n"
    "          \"change_vs_baseline\": null,\n"
    "          \"change_vs_previous\": -5,\n"
    "          \"previous_run\": null,\n"
    "          \"change_vs_run\": null,\n"
    "          \"previous_status\": null\n"
    "        },\n"
    "        \"2024Q3\": {\n"
    "          \"state\": \"ok\",\n"
    "          \"n\": 11,\n"
    "          \"value\": 11,\n"
    "          \"status\": \"none\",\n"
    "          \"target\": null,\n"
    "          \"baseline\": null,\n"
    "          \"change_vs_baseline\": null,\n"
    "          \"change_vs_previous\": 2,\n"
    "          \"previous_run\": null,\n"
    "          \"change_vs_run\": null,\n"
    "          \"previous_status\": null\n"
    "        },\n"
    "        \"overall\": {\n"
    "          \"state\": \"ok\",\n"
    "          \"n\": 34,\n"
    "          \"value\": 34,\n"
    "          \"status\": \"none\",\n"
    "          \"target\": null,\n"
    "          \"baseline\": null,\n"
    "          \"change_vs_baseline\": null,\n"
    "          \"change_vs_previous\": null,\n"
    "          \"previous_run\": null,\n"
    "          \"change_vs_run\": null,\n"
    "          \"previous_status\": null\n"
    "        }\n"
    "      },\n"
    "      \"segments\": {\n"
    "        \"department\": {\n"
    "          \"Engineering\": {\n"
    "            \"2024Q1\": {\n"
    "              \"state\": \"ok\",\n"
    "              \"n\": 8,\n"
    "              \"value\": 8,\n"
    "              \"status\": \"none\",\n"
    "              \"target\": null,\n"
    "              \"baseline\": null,\n"
    "              \"change_vs_baseline\": null,\n"
    "              \"change_vs_previous\": null,\n"
    "              \"previous_run\": null,\n"
    "              \"change_vs_run\": null,\n"
    "              \"previous_status\": null\n"
    "            },\n"
    "            \"2024Q2\": {\n"
    "              \"state\": \"ok\",\n"
    "              \"n\": 5,\n"
    "              \"value\": 5,\n"
    "              \"status\": \"none\",\n"
    "              \"target\": null,\n"
    "              \"baseline\": null,\n"
    "              \"change_vs_baseline\": null,\n"
    "              \"change_vs_previous\": -3,\n"
    "              \"previous_run\": null,\n"
    "              \"change_vs_run\": null,\n"
    "              \"previous_status\": null\n"
    "            },\n"
    "            \"2024Q3\": {\n"
    "              \"state\": \"ok\",\n"
    "              \"n\": 6,\n"
    "              \"value\": 6,\n"
    "              \"status\": \"none\",\n"
    "              \"target\": null,\n"
    "              \"baseline\": null,\n"
    "              \"change_vs_baseline\": null,\n"
    "              \"change_vs_previous\": 1,\n"
    "              \"previous_run\": null,\n"
    "              \"change_vs_run\": null,\n"
    "              \"previous_status\": null\n"
    "            },\n"
    "            \"overall\": {\n"
    "              \"state\": \"ok\",\n"
    "              \"n\": 19,\n"
    "              \"value\": 19,\n"
    "              \"status\": \"none\",\n"
    "              \"target\": null,\n"
    "              \"baseline\": null,\n"
    "              \"change_vs_baseline\": null,\n"
    "              \"change_vs_previous\": null,\n"
    "              \"previous_run\": null,\n"
    "              \"change_vs_run\": null,\n"
    "              \"previous_status\": null\n"
    "            }\n"
    "          },\n"
    "          \"Sales\": {\n"
    "            \"2024Q1\": {\n"
    "              \"state\": \"ok\",\n"
    "              \"n\": 6,\n"
    "              \"value\": 6,\n"
    "              \"status\": \"none\",\n"
    "              \"target\": null,\n"
    "              \"baseline\": null,\n"
    "              \"change_vs_baseline\": null,\n"
    "              \"change_vs_previous\": null,\n"
    "              \"previous_run\": null,\n"
    "              \"change_vs_run\": null,\n"
    "              \"previous_status\": null\n"
    "            },\n"
    "            \"2024Q2\": {\n"
    "              \"state\": \"ok\",\n"
    "              \"n\": 4,\n"
    "              \"value\": 4,\n"
    "              \"status\": \"none\",\n"
    "              \"target\": null,\n"
    "              \"baseline\": null,\n"
    "              \"change_vs_baseline\": null,\n"
    "              \"change_vs_previous\": -2,\n"
    "              \"previous_run\": null,\n"
    "              \"change_vs_run\": null,\n"
    "              \"previous_status\": null\n"
    "            },\n"
    "            \"2024Q3\": {\n"
    "              \"state\": \"ok\",\n"
    "              \"n\": 5,\n"
    "              \"value\": 5,\n"
    "              \"status\": \"none\",\n"
    "              \"target\": null,\n"
    "              \"baseline\": null,\n"
    "              \"change_vs_baseline\": null,\n"
    "              \"change_vs_previous\": 1,\n"
    "              \"previous_run\": null,\n"
    "              \"change_vs_run\": null,\n"
    "              \"previous_status\": null\n"
    "            },\n"
    "            \"overall\": {\n"
    "              \"state\": \"ok\",\n"
    "              \"n\": 15,\n"
    "              \"value\": 15,\n"
    "              \"status\": \"none\",\n"
    "              \"target\": null,\n"
    "              \"baseline\": null,\n"
    "              \"change_vs_baseline\": null,\n"
    "              \"change_vs_previous\": null,\n"
    "              \"previous_run\": null,\n"
    "              \"change_vs_run\": null,\n"
    "              \"previous_status\": null\n"
    "            }\n"
    "          }\n"
    "        }\n"
    "      }\n"
    "    },\n"
    "    {\n"
    "      \"id\": \"time_to_fill\",\n"
    "      \"name\": \"Time to fill\",\n"
    "      \"unit\": \"days\",\n"
    "      \"direction\": \"lower_is_better\",\n"
    "      \"period_event\": \"offer accepted\",\n"
    "      \"process_area\": \"role live\",\n"
    "      \"definition\": \"Calendar days from requisition opened to offer accepted, minus hold days (ANSI/SHRM 06001).\",\n"
    "      \"distribution\": true,\n"
    "      \"dimensions\": [\n"
    "        \"source\",\n"
    "        \"department\"\n"
    "      ],\n"
    "      \"key\": true,\n"
    "      \"origin\": \"built-in\",\n"
    "      \"values\": {\n"
    "        \"2024Q1\": {\n"
    "          \"state\": \"ok\",\n"
    "          \"n\": 12,\n"
    "          \"value\": 34.5,\n"
    "          \"mean\": 36.2,\n"
    "          \"p90\": 51.3,\n"
    "          \"status\": \"missed\",\n"
    "          \"target\": 30.0,\n"
    "          \"baseline\": 40.0,\n"
    "          \"change_vs_baseline\": -5.5,\n"
    "          \"change_vs_previous\": null,\n"
    "          \"previous_run\": null,\n"
    "          \"change_vs_run\": null,\n"
    "          \"previous_status\": null\n"
    "        },\n"
    "        \"2024Q2\": {\n"
    "          \"state\": \"insufficient\",\n"
    "          \"n\": 3,\n"
    "          \"value\": null,\n"
    "          \"mean\": null,\n"
    "          \"p90\": null,\n"
    "          \"status\": \"insufficient\",\n"
    "          \"target\": 30.0,\n"
    "          \"baseline\": 40.0,\n"
    "          \"change_vs_baseline\": null,\n"
    "          \"change_vs_previous\": null,\n"
    "          \"previous_run\": null,\n"
    "          \"change_vs_run\": null,\n"
    "          \"previous_status\": null\n"
    "        },\n"
    "        \"2024Q3\": {\n"
    "          \"state\": \"ok\",\n"
    "          \"n\": 8,\n"
    "          \"value\": 28.33,\n"
    "          \"mean\": 30.12,\n"
    "          \"p90\": 45.07,\n"
    "          \"status\": \"met\",\n"
    "          \"target\": 30.0,\n"
    "          \"baseline\": 40.0,\n"
    "          \"change_vs_baseline\": -11.67,\n"
    "          \"change_vs_previous\": null,\n"
    "          \"previous_run\": 31.5,\n"
    "          \"change_vs_run\": -3.17,\n"
    "          \"previous_status\": \"near\"\n"
    "        },\n"
    "        \"overall\": {\n"
    "          \"state\": \"ok\",\n"
    "          \"n\": 23,\n"
    "          \"value\": 33.0,\n"
    "          \"mean\": 34.04,\n"
    "          \"p90\": 50.6,\n"
    "          \"status\": \"near\",\n"
    "          \"target\": 30.0,\n"
    "          \"baseline\": 40.0,\n"
    "          \"change_vs_baseline\": -7.0,\n"
    "          \"change_vs_previous\": null,\n"
    "          \"previous_run\": 33.0,\n"
    "          \"change_vs_run\": 0.0,\n"
    "          \"previous_status\": \"near\"\n"
    "        }\n"
    "      },\n"
    "      \"segments\": {\n"
    "        \"department\": {\n"
    "          \"Engineering\": {\n"
    "            \"2024Q1\": {\n"
    "              \"state\": \"ok\",\n"
    "              \"n\": 7,\n"
    "              \"value\": 31.0,\n"
    "              \"mean\": 32.5,\n"
    "              \"p90\": 44.0,\n"
    "              \"status\": \"missed\",\n"
    "              \"target\": 25.0,\n"
    "              \"baseline\": 40.0,\n"
    "              \"change_vs_baseline\": -9.0,\n"
    "              \"change_vs_previous\": null,\n"
    "              \"previous_run\": null,\n"
    "              \"change_vs_run\": null,\n"
    "              \"previous_status\": null\n"
    "            },\n"
    "            \"2024Q2\": {\n"
    "              \"state\": \"insufficient\",\n"
    "              \"n\": 2,\n"
    "              \"value\": null,\n"
    "              \"mean\": null,\n"
    "              \"p90\": null,\n"
    "              \"status\": \"insufficient\",\n"
    "              \"target\": 25.0,\n"
    "              \"baseline\": 40.0,\n"
    "              \"change_vs_baseline\": null,\n"
    "              \"change_vs_previous\": null,\n"
    "              \"previous_run\": null,\n"
    "              \"change_vs_run\": null,\n"
    "              \"previous_status\": null\n"
    "            },\n"
    "            \"2024Q3\": {\n"
    "              \"state\": \"ok\",\n"
    "              \"n\": 5,\n"
    "              \"value\": 26.5,\n"
    "              \"mean\": 27.1,\n"
    "              \"p90\": 33.9,\n"
    "              \"status\": \"near\",\n"
    "              \"target\": 25.0,\n"
    "              \"baseline\": 40.0,\n"
    "              \"change_vs_baseline\": -13.5,\n"
    "              \"change_vs_previous\": null,\n"
    "              \"previous_run\": null,\n"
    "              \"change_vs_run\": null,\n"
    "              \"previous_status\": null\n"
    "            },\n"
    "            \"overall\": {\n"
    "              \"state\": \"ok\",\n"
    "              \"n\": 14,\n"
    "              \"value\": 29.0,\n"
    "              \"mean\": 30.06,\n"
    "              \"p90\": 41.2,\n"
    "              \"status\": \"missed\",\n"
    "              \"target\": 25.0,\n"
    "              \"baseline\": 40.0,\n"
    "              \"change_vs_baseline\": -11.0,\n"
    "              \"change_vs_previous\": null,\n"
    "              \"previous_run\": null,\n"
    "              \"change_vs_run\": null,\n"
    "              \"previous_status\": null\n"
    "            }\n"
    "          },\n"
    "          \"Sales\": {\n"
    "            \"2024Q1\": {\n"
    "              \"state\": \"insufficient\",\n"
    "              \"n\": 4,\n"
    "              \"value\": null,\n"
    "              \"mean\": null,\n"
    "              \"p90\": null,\n"
    "              \"status\": \"insufficient\",\n"
    "              \"target\": 30.0,\n"
    "              \"baseline\": 40.0,\n"
    "              \"change_vs_baseline\": null,\n"
    "              \"change_vs_previous\": null,\n"
    "              \"previous_run\": null,\n"
    "              \"change_vs_run\": null,\n"
    "              \"previous_status\": null\n"
    "            },\n"
    "            \"2024Q2\": {\n"
    "              \"state\": \"insufficient\",\n"
    "              \"n\": 1,\n"
    "              \"value\": null,\n"
    "              \"mean\": null,\n"
    "              \"p90\": null,\n"
    "              \"status\": \"insufficient\",\n"
    "              \"target\": 30.0,\n"
    "              \"baseline\": 40.0,\n"
    "              \"change_vs_baseline\": null,\n"
    "              \"change_vs_previous\": null,\n"
    "              \"previous_run\": null,\n"
    "              \"change_vs_run\": null,\n"
    "              \"previous_status\": null\n"
    "            },\n"
    "            \"2024Q3\": {\n"
    "              \"state\": \"insufficient\",\n"
    "              \"n\": 3,\n"
    "              \"value\": null,\n"
    "              \"mean\": null,\n"
    "              \"p90\": null,\n"
    "              \"status\": \"insufficient\",\n"
    "              \"target\": 30.0,\n"
    "              \"baseline\": 40.0,\n"
    "              \"change_vs_baseline\": null,\n"
    "              \"change_vs_previous\": null,\n"
    "              \"previous_run\": null,\n"
    "              \"change_vs_run\": null,\n"
    "              \"previous_status\": null\n"
    "            },\n"
    "            \"overall\": {\n"
    "              \"state\": \"ok\",\n"
    "              \"n\": 8,\n"
    "              \"value\": 38.0,\n"
    "              \"mean\": 39.5,\n"
    "              \"p90\": 52.3,\n"
    "              \"status\": \"missed\",\n"
    "              \"target\": 30.0,\n"
    "              \"baseline\": 40.0,\n"
    "              \"change_vs_baseline\": -2.0,\n"
    "              \"change_vs_previous\": null,\n"
    "              \"previous_run\": null,\n"
    "              \"change_vs_run\": null,\n"
    "              \"previous_status\": null\n"
    "            }\n"
    "          }\n"
    "        },\n"
    "        \"source\": {\n"
    "          \"referral\": {\n"
    "            \"2024Q1\": {\n"
    "              \"state\": \"insufficient\",\n"
    "              \"n\": 3,\n"
    "              \"value\": null,\n"
    "              \"mean\": null,\n"
    "              \"p90\": null,\n"
    "              \"status\": \"insufficient\",\n"
    "              \"target\": 30.0,\n"
    "              \"baseline\": 40.0,\n"
    "              \"change_vs_baseline\": null,\n"
    "              \"change_vs_previous\": null,\n"
    "              \"previous_run\": null,\n"
    "              \"change_vs_run\": null,\n"
    "              \"previous_status\": null\n"
    "            },\n"
    "            \"2024Q2\": {\n"
    "              \"state\": \"empty\",\n"
    "              \"n\": 0,\n"
    "              \"value\": null,\n"
    "              \"mean\": null,\n"
    "              \"p90\": null,\n"
    "              \"status\": \"insufficient\",\n"
    "              \"target\": 30.0,\n"
    "              \"baseline\": 40.0,\n"
    "              \"change_vs_baseline\": null,\n"
    "              \"change_vs_previous\": null,\n"
    "              \"previous_run\": null,\n"
    "              \"change_vs_run\": null,\n"
    "              \"previous_status\": null\n"
    "            },\n"
    "            \"2024Q3\": {\n"
    "              \"state\": \"insufficient\",\n"
    "              \"n\": 2,\n"
    "              \"value\": null,\n"
    "              \"mean\": null,\n"
    "              \"p90\": null,\n"
    "              \"status\": \"insufficient\",\n"
    "              \"target\": 30.0,\n"
    "              \"baseline\": 40.0,\n"
    "              \"change_vs_baseline\": null,\n"
    "              \"change_vs_previous\": null,\n"
    "              \"previous_run\": null,\n"
    "              \"change_vs_run\": null,\n"
    "              \"previous_status\": null\n"
    "            },\n"
    "            \"overall\": {\n"
    "              \"state\": \"ok\",\n"
    "              \"n\": 5,\n"
    "              \"value\": 27.0,\n"
    "              \"mean\": 27.4,\n"
    "              \"p90\": 31.6,\n"
    "              \"status\": \"met\",\n"
    "              \"target\": 30.0,\n"
    "              \"baseline\": 40.0,\n"
    "              \"change_vs_baseline\": -13.0,\n"
    "              \"change_vs_previous\": null,\n"
    "              \"previous_run\": null,\n"
    "              \"change_vs_run\": null,\n"
    "              \"previous_status\": null\n"
    "            }\n"
    "          }\n"
    "        }\n"
    "      }\n"
    "    },\n"
    "    {\n"
    "      \"id\": \"offer_acceptance\",\n"
    "      \"name\": \"Offer acceptance\",\n"
    "      \"unit\": \"percent\",\n"
    "      \"direction\": \"higher_is_better\",\n"
    "      \"period_event\": \"offer accepted or declined\",\n"
    "      \"process_area\": \"selection\",\n"
    "      \"definition\": \"Accepted offers / decided offers x 100.\",\n"
    "      \"distribution\": false,\n"
    "      \"dimensions\": [],\n"
    "      \"key\": true,\n"
    "      \"origin\": \"plugin extra\",\n"
    "      \"values\": {\n"
    "        \"2024Q1\": {\n"
    "          \"state\": \"ok\",\n"
    "          \"n\": 16,\n"
    "          \"value\": 81.25,\n"
    "          \"status\": \"missed\",\n"
    "          \"target\": 85.0,\n"
    "          \"baseline\": null,\n"
    "          \"change_vs_baseline\": null,\n"
    "          \"change_vs_previous\": null,\n"
    "          \"previous_run\": null,\n"
    "          \"change_vs_run\": null,\n"
    "          \"previous_status\": null\n"
    "        },\n"
    "        \"2024Q2\": {\n"
    "          \"state\": \"ok\",\n"
    "          \"n\": 10,\n"
    "          \"value\": 90.0,\n"
    "          \"status\": \"met\",\n"
    "          \"target\": 85.0,\n"
    "          \"baseline\": null,\n"
    "          \"change_vs_baseline\": null,\n"
    "          \"change_vs_previous\": 8.75,\n"
    "          \"previous_run\": null,\n"
    "          \"change_vs_run\": null,\n"
    "          \"previous_status\": null\n"
    "        },\n"
    "        \"2024Q3\": {\n"
    "          \"state\": \"empty\",\n"
    "          \"n\": 0,\n"
    "          \"value\": null,\n"
    "          \"status\": \"insufficient\",\n"
    "          \"target\": 85.0,\n"
    "          \"baseline\": null,\n"
    "          \"change_vs_baseline\": null,\n"
    "          \"change_vs_previous\": null,\n"
    "          \"previous_run\": null,\n"
    "          \"change_vs_run\": null,\n"
    "          \"previous_status\": null\n"
    "        },\n"
    "        \"overall\": {\n"
    "          \"state\": \"ok\",\n"
    "          \"n\": 26,\n"
    "          \"value\": 84.62,\n"
    "          \"status\": \"missed\",\n"
    "          \"target\": 85.0,\n"
    "          \"baseline\": null,\n"
    "          \"change_vs_baseline\": null,\n"
    "          \"change_vs_previous\": null,\n"
    "          \"previous_run\": null,\n"
    "          \"change_vs_run\": null,\n"
    "          \"previous_status\": null\n"
    "        }\n"
    "      },\n"
    "      \"segments\": {}\n"
    "    },\n"
    "    {\n"
    "      \"id\": \"cost_per_hire\",\n"
    "      \"name\": \"Cost per hire\",\n"
    "      \"unit\": \"currency\",\n"
    "      \"direction\": \"lower_is_better\",\n"
    "      \"period_event\": \"hire started\",\n"
    "      \"process_area\": \"pre-day-one\",\n"
    "      \"definition\": \"(External + internal costs) / hires, per ANSI/SHRM 06001.\",\n"
    "      \"distribution\": false,\n"
    "      \"dimensions\": [],\n"
    "      \"key\": false,\n"
    "      \"origin\": \"config\",\n"
    "      \"values\": {\n"
    "        \"2024Q1\": {\n"
    "          \"state\": \"ok\",\n"
    "          \"n\": 6,\n"
    "          \"value\": 4250.5,\n"
    "          \"status\": \"none\",\n"
    "          \"target\": null,\n"
    "          \"baseline\": 4000.0,\n"
    "          \"change_vs_baseline\": 250.5,\n"
    "          \"change_vs_previous\": null,\n"
    "          \"previous_run\": null,\n"
    "          \"change_vs_run\": null,\n"
    "          \"previous_status\": null\n"
    "        },\n"
    "        \"2024Q2\": {\n"
    "          \"state\": \"ok\",\n"
    "          \"n\": 5,\n"
    "          \"value\": 3980.0,\n"
    "          \"status\": \"none\",\n"
    "          \"target\": null,\n"
    "          \"baseline\": 4000.0,\n"
    "          \"change_vs_baseline\": -20.0,\n"
    "          \"change_vs_previous\": -270.5,\n"
    "          \"previous_run\": null,\n"
    "          \"change_vs_run\": null,\n"
    "          \"previous_status\": null\n"
    "        },\n"
    "        \"2024Q3\": {\n"
    "          \"state\": \"insufficient\",\n"
    "          \"n\": 2,\n"
    "          \"value\": null,\n"
    "          \"status\": \"none\",\n"
    "          \"target\": null,\n"
    "          \"baseline\": 4000.0,\n"
    "          \"change_vs_baseline\": null,\n"
    "          \"change_vs_previous\": null,\n"
    "          \"previous_run\": null,\n"
    "          \"change_vs_run\": null,\n"
    "          \"previous_status\": null\n"
    "        },\n"
    "        \"overall\": {\n"
    "          \"state\": \"ok\",\n"
    "          \"n\": 13,\n"
    "          \"value\": 4105.77,\n"
    "          \"status\": \"none\",\n"
    "          \"target\": null,\n"
    "          \"baseline\": 4000.0,\n"
    "          \"change_vs_baseline\": 105.77,\n"
    "          \"change_vs_previous\": null,\n"
    "          \"previous_run\": null,\n"
    "          \"change_vs_run\": null,\n"
    "          \"previous_status\": null\n"
    "        }\n"
    "      },\n"
    "      \"segments\": {}\n"
    "    }\n"
    "  ],\n"
    "  \"incentive\": {\n"
    "    \"pool\": 10000.0,\n"
    "    \"cap\": 120.0,\n"
    "    \"periods\": [\n"
    "      {\n"
    "        \"period\": \"2024Q1\",\n"
    "        \"weighted\": 90.41,\n"
    "        \"tier_threshold\": 80.0,\n"
    "        \"tier_payout\": 50.0,\n"
    "        \"payout\": 5000.0,\n"
    "        \"lines\": [\n"
    "          {\n"
    "            \"metric\": \"time_to_fill\",\n"
    "            \"weight\": 60.0,\n"
    "            \"state\": \"ok\",\n"
    "            \"value\": 34.5,\n"
    "            \"target\": 30.0,\n"
    "            \"attainment\": 86.96\n"
    "          },\n"
    "          {\n"
    "            \"metric\": \"offer_acceptance\",\n"
    "            \"weight\": 40.0,\n"
    "            \"state\": \"ok\",\n"
    "            \"value\": 81.25,\n"
    "            \"target\": 85.0,\n"
    "            \"attainment\": 95.59\n"
    "          }\n"
    "        ]\n"
    "      },\n"
    "      {\n"
    "        \"period\": \"2024Q2\",\n"
    "        \"weighted\": 105.88,\n"
    "        \"tier_threshold\": 100.0,\n"
    "        \"tier_payout\": 100.0,\n"
    "        \"payout\": 10000.0,\n"
    "        \"lines\": [\n"
    "          {\n"
    "            \"metric\": \"time_to_fill\",\n"
    "            \"weight\": 60.0,\n"
    "            \"state\": \"insufficient\",\n"
    "            \"value\": null,\n"
    "            \"target\": 30.0,\n"
    "            \"attainment\": null\n"
    "          },\n"
    "          {\n"
    "            \"metric\": \"offer_acceptance\",\n"
    "            \"weight\": 40.0,\n"
    "            \"state\": \"ok\",\n"
    "            \"value\": 90.0,\n"
    "            \"target\": 85.0,\n"
    "            \"attainment\": 105.88\n"
    "          }\n"
    "        ]\n"
    "      },\n"
    "      {\n"
    "        \"period\": \"2024Q3\",\n"
    "        \"weighted\": 105.89,\n"
    "        \"tier_threshold\": 100.0,\n"
    "        \"tier_payout\": 100.0,\n"
    "        \"payout\": 10000.0,\n"
    "        \"lines\": [\n"
    "          {\n"
    "            \"metric\": \"time_to_fill\",\n"
    "            \"weight\": 60.0,\n"
    "            \"state\": \"ok\",\n"
    "            \"value\": 28.33,\n"
    "            \"target\": 30.0,\n"
    "            \"attainment\": 105.89\n"
    "          },\n"
    "          {\n"
    "            \"metric\": \"offer_acceptance\",\n"
    "            \"weight\": 40.0,\n"
    "            \"state\": \"empty\",\n"
    "            \"value\": null,\n"
    "            \"target\": 85.0,\n"
    "            \"attainment\": null\n"
    "          }\n"
    "        ]\n"
    "      }\n"
    "    ]\n"
    "  },\n"
    "  \"achievements\": [\n"
    "    {\n"
    "      \"kind\": \"milestone\",\n"
    "      \"metric\": \"hires\",\n"
    "      \"first\": \"2024-08-14\",\n"
    "      \"last\": \"2024-08-14\",\n"
    "      \"value\": 25,\n"
    "      \"text\": \"Hire number 25 accepted on 2024-08-14\",\n"
    "      \"new\": true\n"
    "    },\n"
    "    {\n"
    "      \"kind\": \"best_period\",\n"
    "      \"metric\": \"requisitions_opened\",\n"
    "      \"first\": \"2024Q1\",\n"
    "      \"last\": \"2024Q1\",\n"
    "      \"value\": 14,\n"
    "      \"text\": \"Best period for Requisitions opened: 2024Q1 at 14.00 (of 3 periods)\",\n"
    "      \"new\": false\n"
    "    },\n"
    "    {\n"
    "      \"kind\": \"improvement\",\n"
    "      \"metric\": \"time_to_fill\",\n"
    "      \"first\": \"2024Q3\",\n"
    "      \"last\": \"2024Q3\",\n"
    "      \"value\": 29.18,\n"
    "      \"text\": \"Time to fill improved 29.18 % on its baseline (40.00 \xE2\x86\x92 28.33) in 2024Q3\",\n"
    "      \"new\": true\n"
    "    }\n"
    "  ],\n"
    "  \"goals\": [\n"
    "    {\n"
    "      \"name\": \"speed\",\n"
    "      \"description\": \"Faster fills should keep new hires longer.\",\n"
    "      \"links\": [\n"
    "        {\n"
    "          \"from\": \"lever:sourcers\",\n"
    "          \"to\": \"metric:time_to_fill\",\n"
    "          \"lag\": 0,\n"
    "          \"n\": 3,\n"
    "          \"state\": \"ok\",\n"
    "          \"pearson\": -0.9449,\n"
    "          \"spearman\": -1.0\n"
    "        },\n"
    "        {\n"
    "          \"from\": \"lever:sourcers\",\n"
    "          \"to\": \"metric:time_to_fill\",\n"
    "          \"lag\": 1,\n"
    "          \"n\": 2,\n"
    "          \"state\": \"too_few_periods\",\n"
    "          \"pearson\": null,\n"
    "          \"spearman\": null\n"
    "        },\n"
    "        {\n"
    "          \"from\": \"metric:time_to_fill\",\n"
    "          \"to\": \"outcome:retention\",\n"
    "          \"lag\": 0,\n"
    "          \"n\": 3,\n"
    "          \"state\": \"no_variation\",\n"
    "          \"pearson\": null,\n"
    "          \"spearman\": null\n"
    "        }\n"
    "      ]\n"
    "    }\n"
    "  ],\n"
    "  \"frameworks\": [],\n"
    "  \"risks\": [\n"
    "    {\n"
    "      \"id\": \"R-7\",\n"
    "      \"title\": \"Hiring-manager interview capacity in Engineering\",\n"
    "      \"category\": \"operational\",\n"
    "      \"severity\": 5,\n"
    "      \"status\": \"open\",\n"
    "      \"raised_at\": \"2024-09-02\",\n"
    "      \"closed_at\": null,\n"
    "      \"owner\": \"client\",\n"
    "      \"open\": true,\n"
    "      \"new\": true\n"
    "    },\n"
    "    {\n"
    "      \"id\": \"R-3\",\n"
    "      \"title\": \"Sourcing channel for night-shift roles\",\n"
    "      \"category\": \"gap\",\n"
    "      \"severity\": 4,\n"
    "      \"status\": \"mitigating\",\n"
    "      \"raised_at\": \"2024-04-15\",\n"
    "      \"closed_at\": null,\n"
    "      \"owner\": \"provider\",\n"
    "      \"open\": true,\n"
    "      \"new\": false\n"
    "    },\n"
    "    {\n"
    "      \"id\": \"R-1\",\n"
    "      \"title\": \"ATS migration delays reporting\",\n"
    "      \"category\": \"strategic\",\n"
    "      \"severity\": 3,\n"
    "      \"status\": \"closed\",\n"
    "      \"raised_at\": \"2024-01-20\",\n"
    "      \"closed_at\": \"2024-03-01\",\n"
    "      \"owner\": \"provider\",\n"
    "      \"open\": false,\n"
    "      \"new\": false\n"
    "    }\n"
    "  ],\n"
    "  \"data_quality\": {\n"
    "    \"sources\": [\n"
    "      {\n"
    "        \"instance\": \"apps\",\n"
    "        \"plugin\": \"csv\",\n"
    "        \"record\": \"application\",\n"
    "        \"read\": 120,\n"
    "        \"accepted\": 117,\n"
    "        \"rejected\": 3\n"
    "      },\n"
    "      {\n"
    "        \"instance\": \"reqs\",\n"
    "        \"plugin\": \"csv\",\n"
    "        \"record\": \"requisition\",\n"
    "        \"read\": 30,\n"
    "        \"accepted\": 30,\n"
    "        \"rejected\": 0\n"
    "      }\n"
    "    ],\n"
    "    \"flags\": [\n"
    "      {\n"
    "        \"code\": \"offer_before_application\",\n"
    "        \"description\": \"Offer dated before the application\",\n"
    "        \"count\": 2,\n"
    "        \"example\": \"apps.csv:17\"\n"
    "      }\n"
    "    ]\n"
    "  }\n"
    "}\n";

static const char golden_compact[] =
    "{\"schema\":\"rpo-report\",\"schema_version\":2,\"generator\":\"rpo 0.1.0\",\"engagement\":{\"name\":\"Acme hiring "
    "2024\",\"client\":\"Acme Corp\",\"provider\":\"TalentCo\",\"currency\":\"EUR\",\"as_of\":\"2024-09-30\",\"min_n\":5,\"ph"
    "ase\":\"run\",\"previous_run_as_of\":\"2024-09-15\"},\"periods\":[{\"label\":\"2024Q1\",\"first_day\":\"2024-01-01\","
    "\"last_day\":\"2024-03-31\",\"complete\":true},{\"label\":\"2024Q2\",\"first_day\":\"2024-04-01\",\"last_day\":\"2024"
    "-06-30\",\"complete\":true},{\"label\":\"2024Q3\",\"first_day\":\"2024-07-01\",\"last_day\":\"2024-09-30\",\"complet"
    "e\":true},{\"label\":\"overall\",\"first_day\":\"\",\"last_day\":\"2024-09-30\",\"complete\":false}],\"metrics\":[{\"i"
    "d\":\"requisitions_opened\",\"name\":\"Requisitions opened\",\"unit\":\"count\",\"direction\":\"none\",\"period_even"
    "t\":\"requisition opened\",\"process_area\":\"before a role is live\",\"definition\":\"Requisitions whose open"
    "ed_at falls in the period.\",\"distribution\":false,\"dimensions\":[\"department\"],\"key\":false,\"origin\":\"b"
    "uilt-in\",\"values\":{\"2024Q1\":{\"state\":\"ok\",\"n\":14,\"value\":14,\"status\":\"none\",\"target\":null,\"baseline\""
    ":null,\"change_vs_baseline\":null,\"change_vs_previous\":null,\"previous_run\":null,\"change_vs_run\":null,\""
    "previous_status\":null},\"2024Q2\":{\"state\":\"ok\",\"n\":9,\"value\":9,\"status\":\"none\",\"target\":null,\"baselin"
    "e\":null,\"change_vs_baseline\":null,\"change_vs_previous\":-5,\"previous_run\":null,\"change_vs_run\":null,\""
    "previous_status\":null},\"2024Q3\":{\"state\":\"ok\",\"n\":11,\"value\":11,\"status\":\"none\",\"target\":null,\"basel"
    "ine\":null,\"change_vs_baseline\":null,\"change_vs_previous\":2,\"previous_run\":null,\"change_vs_run\":null,"
    "\"previous_status\":null},\"overall\":{\"state\":\"ok\",\"n\":34,\"value\":34,\"status\":\"none\",\"target\":null,\"bas"
    "eline\":null,\"change_vs_baseline\":null,\"change_vs_previous\":null,\"previous_run\":null,\"change_vs_run\":"
    "null,\"previous_status\":null}},\"segments\":{\"department\":{\"Engineering\":{\"2024Q1\":{\"state\":\"ok\",\"n\":8,"
    "\"value\":8,\"status\":\"none\",\"target\":null,\"baseline\":null,\"change_vs_baseline\":null,\"change_vs_previou"
    "s\":null,\"previous_run\":null,\"change_vs_run\":null,\"previous_status\":null},\"2024Q2\":{\"state\":\"ok\",\"n\":"
    "5,\"value\":5,\"status\":\"none\",\"target\":null,\"baseline\":null,\"change_vs_baseline\":null,\"change_vs_previ"
    "ous\":-3,\"previous_run\":null,\"change_vs_run\":null,\"previous_status\":null},\"2024Q3\":{\"state\":\"ok\",\"n\":"
    "6,\"value\":6,\"status\":\"none\",\"target\":null,\"baseline\":null,\"change_vs_baseline\":null,\"change_vs_previ"
    "ous\":1,\"previous_run\":null,\"change_vs_run\":null,\"previous_status\":null},\"overall\":{\"state\":\"ok\",\"n\":"
    "19,\"value\":19,\"status\":\"none\",\"target\":null,\"baseline\":null,\"change_vs_baseline\":null,\"change_vs_pre"
    "vious\":null,\"previous_run\":null,\"change_vs_run\":null,\"previous_status\":null}},\"Sales\":{\"2024Q1\":{\"st"
    "ate\":\"ok\",\"n\":6,\"value\":6,\"status\":\"none\",\"target\":null,\"baseline\":null,\"change_vs_baseline\":null,\"c"
    "hange_vs_previous\":null,\"previous_run\":null,\"change_vs_run\":null,\"previous_status\":null},\"2024Q2\":{\""
    "state\":\"ok\",\"n\":4,\"value\":4,\"status\":\"none\",\"target\":null,\"baseline\":null,\"change_vs_baseline\":null,"
    "\"change_vs_previous\":-2,\"previous_run\":null,\"change_vs_run\":null,\"previous_status\":null},\"2024Q3\":{\""
    "state\":\"ok\",\"n\":5,\"value\":5,\"status\":\"none\",\"target\":null,\"baseline\":null,\"change_vs_baseline\":null,"
    "\"change_vs_previous\":1,\"previous_run\":null,\"change_vs_run\":null,\"previous_status\":null},\"overall\":{\""
    "state\":\"ok\",\"n\":15,\"value\":15,\"status\":\"none\",\"target\":null,\"baseline\":null,\"change_vs_baseline\":nul"
    "l,\"change_vs_previous\":null,\"previous_run\":null,\"change_vs_run\":null,\"previous_status\":null}}}}},{\"i"
    "d\":\"time_to_fill\",\"name\":\"Time to fill\",\"unit\":\"days\",\"direction\":\"lower_is_better\",\"period_event\":\""
    "offer accepted\",\"process_area\":\"role live\",\"definition\":\"Calendar days from requisition opened to of"
    "fer accepted, minus hold days (ANSI/SHRM 06001).\",\"distribution\":true,\"dimensions\":[\"source\",\"depart"
    "ment\"],\"key\":true,\"origin\":\"built-in\",\"values\":{\"2024Q1\":{\"state\":\"ok\",\"n\":12,\"value\":34.5,\"mean\":36"
    ".2,\"p90\":51.3,\"status\":\"missed\",\"target\":30.0,\"baseline\":40.0,\"change_vs_baseline\":-5.5,\"change_vs_p"
    "revious\":null,\"previous_run\":null,\"change_vs_run\":null,\"previous_status\":null},\"2024Q2\":{\"state\":\"in"
    "sufficient\",\"n\":3,\"value\":null,\"mean\":null,\"p90\":null,\"status\":\"insufficient\",\"target\":30.0,\"baselin"
    "e\":40.0,\"change_vs_baseline\":null,\"change_vs_previous\":null,\"previous_run\":null,\"change_vs_run\":null"
    ",\"previous_status\":null},\"2024Q3\":{\"state\":\"ok\",\"n\":8,\"value\":28.33,\"mean\":30.12,\"p90\":45.07,\"status"
    "\":\"met\",\"target\":30.0,\"baseline\":40.0,\"change_vs_baseline\":-11.67,\"change_vs_previous\":null,\"previou"
    "s_run\":31.5,\"change_vs_run\":-3.17,\"previous_status\":\"near\"},\"overall\":{\"state\":\"ok\",\"n\":23,\"value\":3"
    "3.0,\"mean\":34.04,\"p90\":50.6,\"status\":\"near\",\"target\":30.0,\"baseline\":40.0,\"change_vs_baseline\":-7.0,"
    "\"change_vs_previous\":null,\"previous_run\":33.0,\"change_vs_run\":0.0,\"previous_status\":\"near\"}},\"segmen"
    "ts\":{\"department\":{\"Engineering\":{\"2024Q1\":{\"state\":\"ok\",\"n\":7,\"value\":31.0,\"mean\":32.5,\"p90\":44.0,\""
    "status\":\"missed\",\"target\":25.0,\"baseline\":40.0,\"change_vs_baseline\":-9.0,\"change_vs_previous\":null,\""
    "previous_run\":null,\"change_vs_run\":null,\"previous_status\":null},\"2024Q2\":{\"state\":\"insufficient\",\"n\""
    ":2,\"value\":null,\"mean\":null,\"p90\":null,\"status\":\"insufficient\",\"target\":25.0,\"baseline\":40.0,\"change"
    "_vs_baseline\":null,\"change_vs_previous\":null,\"previous_run\":null,\"change_vs_run\":null,\"previous_stat"
    "us\":null},\"2024Q3\":{\"state\":\"ok\",\"n\":5,\"value\":26.5,\"mean\":27.1,\"p90\":33.9,\"status\":\"near\",\"target\":"
    "25.0,\"baseline\":40.0,\"change_vs_baseline\":-13.5,\"change_vs_previous\":null,\"previous_run\":null,\"chang"
    "e_vs_run\":null,\"previous_status\":null},\"overall\":{\"state\":\"ok\",\"n\":14,\"value\":29.0,\"mean\":30.06,\"p90"
    "\":41.2,\"status\":\"missed\",\"target\":25.0,\"baseline\":40.0,\"change_vs_baseline\":-11.0,\"change_vs_previou"
    "s\":null,\"previous_run\":null,\"change_vs_run\":null,\"previous_status\":null}},\"Sales\":{\"2024Q1\":{\"state\""
    ":\"insufficient\",\"n\":4,\"value\":null,\"mean\":null,\"p90\":null,\"status\":\"insufficient\",\"target\":30.0,\"bas"
    "eline\":40.0,\"change_vs_baseline\":null,\"change_vs_previous\":null,\"previous_run\":null,\"change_vs_run\":"
    "null,\"previous_status\":null},\"2024Q2\":{\"state\":\"insufficient\",\"n\":1,\"value\":null,\"mean\":null,\"p90\":n"
    "ull,\"status\":\"insufficient\",\"target\":30.0,\"baseline\":40.0,\"change_vs_baseline\":null,\"change_vs_previ"
    "ous\":null,\"previous_run\":null,\"change_vs_run\":null,\"previous_status\":null},\"2024Q3\":{\"state\":\"insuff"
    "icient\",\"n\":3,\"value\":null,\"mean\":null,\"p90\":null,\"status\":\"insufficient\",\"target\":30.0,\"baseline\":4"
    "0.0,\"change_vs_baseline\":null,\"change_vs_previous\":null,\"previous_run\":null,\"change_vs_run\":null,\"pr"
    "evious_status\":null},\"overall\":{\"state\":\"ok\",\"n\":8,\"value\":38.0,\"mean\":39.5,\"p90\":52.3,\"status\":\"mis"
    "sed\",\"target\":30.0,\"baseline\":40.0,\"change_vs_baseline\":-2.0,\"change_vs_previous\":null,\"previous_run"
    "\":null,\"change_vs_run\":null,\"previous_status\":null}}},\"source\":{\"referral\":{\"2024Q1\":{\"state\":\"insuf"
    "ficient\",\"n\":3,\"value\":null,\"mean\":null,\"p90\":null,\"status\":\"insufficient\",\"target\":30.0,\"baseline\":"
    "40.0,\"change_vs_baseline\":null,\"change_vs_previous\":null,\"previous_run\":null,\"change_vs_run\":null,\"p"
    "revious_status\":null},\"2024Q2\":{\"state\":\"empty\",\"n\":0,\"value\":null,\"mean\":null,\"p90\":null,\"status\":\""
    "insufficient\",\"target\":30.0,\"baseline\":40.0,\"change_vs_baseline\":null,\"change_vs_previous\":null,\"pre"
    "vious_run\":null,\"change_vs_run\":null,\"previous_status\":null},\"2024Q3\":{\"state\":\"insufficient\",\"n\":2,"
    "\"value\":null,\"mean\":null,\"p90\":null,\"status\":\"insufficient\",\"target\":30.0,\"baseline\":40.0,\"change_vs"
    "_baseline\":null,\"change_vs_previous\":null,\"previous_run\":null,\"change_vs_run\":null,\"previous_status\""
    ":null},\"overall\":{\"state\":\"ok\",\"n\":5,\"value\":27.0,\"mean\":27.4,\"p90\":31.6,\"status\":\"met\",\"target\":30."
    "0,\"baseline\":40.0,\"change_vs_baseline\":-13.0,\"change_vs_previous\":null,\"previous_run\":null,\"change_v"
    "s_run\":null,\"previous_status\":null}}}}},{\"id\":\"offer_acceptance\",\"name\":\"Offer acceptance\",\"unit\":\"p"
    "ercent\",\"direction\":\"higher_is_better\",\"period_event\":\"offer accepted or declined\",\"process_area\":\"s"
    "election\",\"definition\":\"Accepted offers / decided offers x 100.\",\"distribution\":false,\"dimensions\":["
    "],\"key\":true,\"origin\":\"plugin extra\",\"values\":{\"2024Q1\":{\"state\":\"ok\",\"n\":16,\"value\":81.25,\"status\":"
    "\"missed\",\"target\":85.0,\"baseline\":null,\"change_vs_baseline\":null,\"change_vs_previous\":null,\"previous"
    "_run\":null,\"change_vs_run\":null,\"previous_status\":null},\"2024Q2\":{\"state\":\"ok\",\"n\":10,\"value\":90.0,\""
    "status\":\"met\",\"target\":85.0,\"baseline\":null,\"change_vs_baseline\":null,\"change_vs_previous\":8.75,\"pre"
    "vious_run\":null,\"change_vs_run\":null,\"previous_status\":null},\"2024Q3\":{\"state\":\"empty\",\"n\":0,\"value\""
    ":null,\"status\":\"insufficient\",\"target\":85.0,\"baseline\":null,\"change_vs_baseline\":null,\"change_vs_pre"
    "vious\":null,\"previous_run\":null,\"change_vs_run\":null,\"previous_status\":null},\"overall\":{\"state\":\"ok\""
    ",\"n\":26,\"value\":84.62,\"status\":\"missed\",\"target\":85.0,\"baseline\":null,\"change_vs_baseline\":null,\"cha"
    "nge_vs_previous\":null,\"previous_run\":null,\"change_vs_run\":null,\"previous_status\":null}},\"segments\":{"
    "}},{\"id\":\"cost_per_hire\",\"name\":\"Cost per hire\",\"unit\":\"currency\",\"direction\":\"lower_is_better\",\"per"
    "iod_event\":\"hire started\",\"process_area\":\"pre-day-one\",\"definition\":\"(External + internal costs) / h"
    "ires, per ANSI/SHRM 06001.\",\"distribution\":false,\"dimensions\":[],\"key\":false,\"origin\":\"config\",\"valu"
    "es\":{\"2024Q1\":{\"state\":\"ok\",\"n\":6,\"value\":4250.5,\"status\":\"none\",\"target\":null,\"baseline\":4000.0,\"ch"
    "ange_vs_baseline\":250.5,\"change_vs_previous\":null,\"previous_run\":null,\"change_vs_run\":null,\"previous"
    "_status\":null},\"2024Q2\":{\"state\":\"ok\",\"n\":5,\"value\":3980.0,\"status\":\"none\",\"target\":null,\"baseline\":"
    "4000.0,\"change_vs_baseline\":-20.0,\"change_vs_previous\":-270.5,\"previous_run\":null,\"change_vs_run\":nu"
    "ll,\"previous_status\":null},\"2024Q3\":{\"state\":\"insufficient\",\"n\":2,\"value\":null,\"status\":\"none\",\"targ"
    "et\":null,\"baseline\":4000.0,\"change_vs_baseline\":null,\"change_vs_previous\":null,\"previous_run\":null,\""
    "change_vs_run\":null,\"previous_status\":null},\"overall\":{\"state\":\"ok\",\"n\":13,\"value\":4105.77,\"status\":"
    "\"none\",\"target\":null,\"baseline\":4000.0,\"change_vs_baseline\":105.77,\"change_vs_previous\":null,\"previo"
    "us_run\":null,\"change_vs_run\":null,\"previous_status\":null}},\"segments\":{}}],\"incentive\":{\"pool\":10000"
    ".0,\"cap\":120.0,\"periods\":[{\"period\":\"2024Q1\",\"weighted\":90.41,\"tier_threshold\":80.0,\"tier_payout\":50"
    ".0,\"payout\":5000.0,\"lines\":[{\"metric\":\"time_to_fill\",\"weight\":60.0,\"state\":\"ok\",\"value\":34.5,\"target"
    "\":30.0,\"attainment\":86.96},{\"metric\":\"offer_acceptance\",\"weight\":40.0,\"state\":\"ok\",\"value\":81.25,\"ta"
    "rget\":85.0,\"attainment\":95.59}]},{\"period\":\"2024Q2\",\"weighted\":105.88,\"tier_threshold\":100.0,\"tier_p"
    "ayout\":100.0,\"payout\":10000.0,\"lines\":[{\"metric\":\"time_to_fill\",\"weight\":60.0,\"state\":\"insufficient\""
    ",\"value\":null,\"target\":30.0,\"attainment\":null},{\"metric\":\"offer_acceptance\",\"weight\":40.0,\"state\":\"o"
    "k\",\"value\":90.0,\"target\":85.0,\"attainment\":105.88}]},{\"period\":\"2024Q3\",\"weighted\":105.89,\"tier_thre"
    "shold\":100.0,\"tier_payout\":100.0,\"payout\":10000.0,\"lines\":[{\"metric\":\"time_to_fill\",\"weight\":60.0,\"s"
    "tate\":\"ok\",\"value\":28.33,\"target\":30.0,\"attainment\":105.89},{\"metric\":\"offer_acceptance\",\"weight\":40"
    ".0,\"state\":\"empty\",\"value\":null,\"target\":85.0,\"attainment\":null}]}]},\"achievements\":[{\"kind\":\"milest"
    "one\",\"metric\":\"hires\",\"first\":\"2024-08-14\",\"last\":\"2024-08-14\",\"value\":25,\"text\":\"Hire number 25 acc"
    "epted on 2024-08-14\",\"new\":true},{\"kind\":\"best_period\",\"metric\":\"requisitions_opened\",\"first\":\"2024Q"
    "1\",\"last\":\"2024Q1\",\"value\":14,\"text\":\"Best period for Requisitions opened: 2024Q1 at 14.00 (of 3 per"
    "iods)\",\"new\":false},{\"kind\":\"improvement\",\"metric\":\"time_to_fill\",\"first\":\"2024Q3\",\"last\":\"2024Q3\",\""
    "value\":29.18,\"text\":\"Time to fill improved 29.18 % on its baseline (40.00 \xE2\x86\x92 28.33) in 2024Q3\",\"new\":"
    "true}],\"goals\":[{\"name\":\"speed\",\"description\":\"Faster fills should keep new hires longer.\",\"links\":["
    "{\"from\":\"lever:sourcers\",\"to\":\"metric:time_to_fill\",\"lag\":0,\"n\":3,\"state\":\"ok\",\"pearson\":-0.9449,\"sp"
    "earman\":-1.0},{\"from\":\"lever:sourcers\",\"to\":\"metric:time_to_fill\",\"lag\":1,\"n\":2,\"state\":\"too_few_per"
    "iods\",\"pearson\":null,\"spearman\":null},{\"from\":\"metric:time_to_fill\",\"to\":\"outcome:retention\",\"lag\":0"
    ",\"n\":3,\"state\":\"no_variation\",\"pearson\":null,\"spearman\":null}]}],\"frameworks\":[],\"risks\":[{\"id\":\"R-7"
    "\",\"title\":\"Hiring-manager interview capacity in Engineering\",\"category\":\"operational\",\"severity\":5,\""
    "status\":\"open\",\"raised_at\":\"2024-09-02\",\"closed_at\":null,\"owner\":\"client\",\"open\":true,\"new\":true},{\""
    "id\":\"R-3\",\"title\":\"Sourcing channel for night-shift roles\",\"category\":\"gap\",\"severity\":4,\"status\":\"m"
    "itigating\",\"raised_at\":\"2024-04-15\",\"closed_at\":null,\"owner\":\"provider\",\"open\":true,\"new\":false},{\"i"
    "d\":\"R-1\",\"title\":\"ATS migration delays reporting\",\"category\":\"strategic\",\"severity\":3,\"status\":\"clos"
    "ed\",\"raised_at\":\"2024-01-20\",\"closed_at\":\"2024-03-01\",\"owner\":\"provider\",\"open\":false,\"new\":false}],"
    "\"data_quality\":{\"sources\":[{\"instance\":\"apps\",\"plugin\":\"csv\",\"record\":\"application\",\"read\":120,\"acce"
    "pted\":117,\"rejected\":3},{\"instance\":\"reqs\",\"plugin\":\"csv\",\"record\":\"requisition\",\"read\":30,\"accepted"
    "\":30,\"rejected\":0}],\"flags\":[{\"code\":\"offer_before_application\",\"description\":\"Offer dated before th"
    "e application\",\"count\":2,\"example\":\"apps.csv:17\"}]}}\n";

/*
 * Run the sink on R with the section KV; return what it wrote to standard
 * output (malloc'd, "" if nothing) and store the status of create/write.
 */
static char *run(const rpo_report *r, const char *const *kv, int *status)
{
    return fake_run_sink(&SINK, "out", r, kv, NULL, status);
}

/* Read a whole file into a malloc'd string, or NULL. */
static char *slurp(const char *path)
{
    FILE *fp = fopen(path, "rb");
    char *buf;
    long len;

    if (fp == NULL)
        return NULL;
    fseek(fp, 0, SEEK_END);
    len = ftell(fp);
    rewind(fp);
    buf = calloc(1, (size_t)len + 1);
    if (buf != NULL && fread(buf, 1, (size_t)len, fp) != (size_t)len) {
        free(buf);
        buf = NULL;
    }
    fclose(fp);
    return buf;
}

/* A fresh temporary directory (the tests create files in it). */
static char *make_tmpdir(void)
{
    const char *base = getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp";
    char *dir = malloc(strlen(base) + sizeof("/sinkjson.XXXXXX"));

    assert_non_null(dir);
    strcpy(dir, base);
    strcat(dir, "/sinkjson.XXXXXX");
    assert_non_null(mkdtemp(dir));
    return dir;
}

/* How many entries (besides . and ..) DIR holds. */
static int count_entries(const char *dir)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    int n = 0;

    assert_non_null(d);
    while ((e = readdir(d)) != NULL)
        if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
            n++;
    closedir(d);
    return n;
}

static char *join(const char *a, const char *b)
{
    char *s = malloc(strlen(a) + strlen(b) + 2);
    assert_non_null(s);
    sprintf(s, "%s/%s", a, b);
    return s;
}

static int setup(void **state)
{
    (void)state;
    fake_log_reset();
    return 0;
}

/* ----------------------------------------------------------------- tests */

static void test_descriptor(void **state)
{
    (void)state;
    assert_int_equal(SINK.abi_major, RPO_ABI_MAJOR);
    assert_int_equal(SINK.abi_minor, RPO_ABI_MINOR);
    assert_true(SINK.struct_size >= RPO_PLUGIN_V1_SIZE);
    assert_int_equal(SINK.kind, RPO_PLUGIN_SINK);
    assert_string_equal(SINK.name, "json");
    assert_non_null(SINK.create);
    assert_non_null(SINK.destroy);
    assert_non_null(SINK.write);
    assert_null(SINK.read);
    assert_string_equal(SINK.keys[0].name, "file");
    assert_int_equal(SINK.keys[0].type, RPO_KEY_PATH);
    assert_null(SINK.keys[0].default_value);
    assert_string_equal(SINK.keys[1].name, "pretty");
    assert_int_equal(SINK.keys[1].type, RPO_KEY_BOOL);
    assert_string_equal(SINK.keys[1].default_value, "true");
    assert_string_equal(SINK.keys[2].name, "segments");
    assert_string_equal(SINK.keys[2].default_value, "all");
    assert_null(SINK.keys[3].name);
    for (int i = 0; i < 3; i++) {
        assert_non_null(SINK.keys[i].help);
        assert_int_equal(SINK.keys[i].flags, 0);
    }
}

static void test_golden_pretty(void **state)
{
    const char *const kv[] = { NULL };
    int rc;
    char *out = run(fake_report_standard(), kv, &rc);

    (void)state;
    assert_int_equal(rc, RPO_OK);
    assert_string_equal(out, golden_pretty);
    assert_string_equal(fake_log_text(), "");
    free(out);
}

static void test_golden_compact(void **state)
{
    const char *const kv[] = { "pretty", "false", NULL };
    int rc;
    char *out = run(fake_report_standard(), kv, &rc);

    (void)state;
    assert_int_equal(rc, RPO_OK);
    assert_string_equal(out, golden_compact);
    /* One line, ended by a newline. */
    assert_ptr_equal(strchr(out, '\n'), out + strlen(out) - 1);
    free(out);
}

/* segments = none drops every segment; a list keeps the dimensions named;
 * an unknown dimension is a configuration error. */
static void test_segments_key(void **state)
{
    const char *const none[] = { "pretty", "false", "segments", "none", NULL };
    const char *const dept[] = { "pretty", "false", "segments", " department ", NULL };
    const char *const bad[] = { "segments", "department, colour", NULL };
    int rc;
    char *out = run(fake_report_standard(), none, &rc);

    (void)state;
    assert_int_equal(rc, RPO_OK);
    assert_null(strstr(out, "\"department\":{"));
    assert_non_null(strstr(out, "\"segments\":{}"));
    free(out);
    out = run(fake_report_standard(), dept, &rc);
    assert_int_equal(rc, RPO_OK);
    assert_non_null(strstr(out, "\"segments\":{\"department\":{\"Engineering\""));
    free(out);
    out = run(fake_report_standard(), bad, &rc);
    assert_int_equal(rc, RPO_ECONFIG);
    assert_non_null(strstr(fake_log_text(), "segments"));
    free(out);
}

/* The same report gives the same bytes, and pretty and compact agree. */
static void test_deterministic(void **state)
{
    const char *const kv[] = { NULL }, *const kv2[] = { "pretty", "no", NULL };
    int rc;
    char *a = run(fake_report_standard(), kv, &rc);
    char *b = run(fake_report_standard(), kv, &rc);
    char *c = run(fake_report_standard(), kv2, &rc);
    json_t *ja = json_loads(a, 0, NULL), *jc = json_loads(c, 0, NULL);

    (void)state;
    assert_string_equal(a, b);
    assert_non_null(ja);
    assert_non_null(jc);
    assert_true(json_equal(ja, jc));
    json_decref(ja);
    json_decref(jc);
    free(a);
    free(b);
    free(c);
}

static void check_string(json_t *obj, const char *key, const char *want)
{
    json_t *v = json_object_get(obj, key);
    assert_non_null(v);
    assert_true(json_is_string(v));
    assert_string_equal(json_string_value(v), want);
}

static void check_int(json_t *obj, const char *key, long long want)
{
    json_t *v = json_object_get(obj, key);
    assert_non_null(v);
    assert_true(json_is_integer(v));
    assert_int_equal(json_integer_value(v), want);
}

static void check_real(json_t *obj, const char *key, double want)
{
    json_t *v = json_object_get(obj, key);
    assert_non_null(v);
    assert_true(json_is_real(v));
    assert_true(json_real_value(v) == want);
}

static void check_keys(json_t *obj, const char *const *keys)
{
    const char *key;
    json_t *v;
    size_t i = 0;

    assert_true(json_is_object(obj));
    json_object_foreach(obj, key, v) {
        assert_non_null(keys[i]);
        assert_string_equal(key, keys[i]);
        i++;
    }
    assert_null(keys[i]);
}

static void check_null(json_t *obj, const char *key)
{
    json_t *v = json_object_get(obj, key);
    assert_non_null(v);
    assert_true(json_is_null(v));
}

/* KEY of OBJ is WANT as the sink writes a figure of a metric of UNIT (an
 * integer for counts), or null when !HAVE. */
static void check_figure(json_t *obj, const char *key, int have, double want, rpo_unit unit)
{
    if (!have)
        check_null(obj, key);
    else if (unit == RPO_UNIT_COUNT)
        check_int(obj, key, (long long)want);
    else
        check_real(obj, key, want);
}

/* VO is the value object of V, a value of metric MI. */
static void check_value(json_t *vo, const rpo_metric_info *mi, const rpo_metric_value *v)
{
    static const char *const val_keys[] = { "state", "n", "value", "status", "target",
                                            "baseline", "change_vs_baseline",
                                            "change_vs_previous", "previous_run",
                                            "change_vs_run", "previous_status", NULL };
    static const char *const dist_keys[] = { "state", "n", "value", "mean", "p90", "status",
                                             "target", "baseline", "change_vs_baseline",
                                             "change_vs_previous", "previous_run",
                                             "change_vs_run", "previous_status", NULL };
    int ok = v->state == RPO_VALUE_OK;

    check_keys(vo, mi->distribution ? dist_keys : val_keys);
    check_string(vo, "state", rpo_value_state_name(v->state));
    check_int(vo, "n", (long long)v->n);
    check_figure(vo, "value", ok, v->value, mi->unit);
    if (mi->distribution) {
        check_figure(vo, "mean", ok, v->mean, RPO_UNIT_DAYS);
        check_figure(vo, "p90", ok, v->p90, RPO_UNIT_DAYS);
    }
    check_string(vo, "status", rpo_target_status_name(v->status));
    check_figure(vo, "target", v->has_target, v->target, mi->unit);
    check_figure(vo, "baseline", v->has_baseline, v->baseline, mi->unit);
    check_figure(vo, "change_vs_baseline", v->has_change_baseline, v->change_vs_baseline,
                 mi->unit);
    check_figure(vo, "change_vs_previous", v->has_change_previous, v->change_vs_previous,
                 mi->unit);
    check_figure(vo, "previous_run", v->has_previous_run, v->previous_run, mi->unit);
    check_figure(vo, "change_vs_run", v->has_previous_run && ok, v->change_vs_run, mi->unit);
    if (v->has_previous_status)
        check_string(vo, "previous_status", rpo_target_status_name(v->previous_status));
    else
        check_null(vo, "previous_status");
}

/* VALUES holds one member per period of R, in period order, keyed by
 * label: the values of metric M in segment S. */
static void check_values(json_t *values, const rpo_report *r, size_t m, size_t s)
{
    const char *label;
    json_t *vo;
    size_t p = 0;

    assert_true(json_is_object(values));
    assert_int_equal(json_object_size(values), r->nperiods);
    json_object_foreach(values, label, vo) {
        assert_string_equal(label, r->periods[p].label);
        check_value(vo, &r->metrics[m], rpo_report_cell(r, m, p, s));
        p++;
    }
}

/* Parse the output back and check every field against the fixture. */
static void test_fields(void **state)
{
    static const char *const top[] = { "schema", "schema_version", "generator", "engagement",
                                       "periods", "metrics", "incentive", "achievements",
                                       "goals", "frameworks", "risks", "data_quality", NULL };
    static const char *const eng_keys[] = { "name", "client", "provider", "currency",
                                            "as_of", "min_n", "phase", "previous_run_as_of",
                                            NULL };
    static const char *const per_keys[] = { "label", "first_day", "last_day", "complete",
                                            NULL };
    static const char *const risk_keys[] = { "id", "title", "category", "severity", "status",
                                             "raised_at", "closed_at", "owner", "open", "new",
                                             NULL };
    static const char *const met_keys[] = { "id", "name", "unit", "direction",
                                            "period_event", "process_area", "definition",
                                            "distribution", "dimensions", "key", "origin",
                                            "values", "segments", NULL };
    static const char *const src_keys[] = { "instance", "plugin", "record", "read",
                                            "accepted", "rejected", NULL };
    static const char *const flag_keys[] = { "code", "description", "count", "example", NULL };
    static const char *const dq_keys[] = { "sources", "flags", NULL };
    static const char *const inc_keys[] = { "pool", "cap", "periods", NULL };
    static const char *const ip_keys[] = { "period", "weighted", "tier_threshold",
                                           "tier_payout", "payout", "lines", NULL };
    static const char *const line_keys[] = { "metric", "weight", "state", "value", "target",
                                             "attainment", NULL };
    static const char *const ach_keys[] = { "kind", "metric", "first", "last", "value", "text",
                                            "new", NULL };
    static const char *const goal_keys[] = { "name", "description", "links", NULL };
    static const char *const link_keys[] = { "from", "to", "lag", "n", "state", "pearson",
                                             "spearman", NULL };
    const rpo_report *r = fake_report_standard();
    const char *const kv[] = { NULL };
    json_error_t err;
    json_t *doc, *eng, *arr, *inc;
    size_t segs_seen = 0;
    int rc;
    char *out = run(r, kv, &rc);

    (void)state;
    assert_int_equal(rc, RPO_OK);
    doc = json_loads(out, JSON_REJECT_DUPLICATES, &err);
    assert_non_null(doc);
    check_keys(doc, top);
    check_string(doc, "schema", "rpo-report");
    check_int(doc, "schema_version", RPO_REPORT_SCHEMA_VERSION);
    check_int(doc, "schema_version", 2);
    check_string(doc, "generator", r->header.generator);

    eng = json_object_get(doc, "engagement");
    check_keys(eng, eng_keys);
    check_string(eng, "name", r->header.engagement);
    check_string(eng, "client", r->header.client);
    check_string(eng, "provider", r->header.provider);
    check_string(eng, "currency", r->header.currency);
    check_string(eng, "as_of", r->header.as_of);
    check_int(eng, "min_n", r->header.min_n);
    check_string(eng, "phase", r->header.phase);
    check_string(eng, "previous_run_as_of", r->header.previous_run_as_of);

    arr = json_object_get(doc, "periods");
    assert_true(json_is_array(arr));
    assert_int_equal(json_array_size(arr), r->nperiods);
    for (size_t p = 0; p < r->nperiods; p++) {
        json_t *o = json_array_get(arr, p);
        check_keys(o, per_keys);
        check_string(o, "label", r->periods[p].label);
        check_string(o, "first_day", r->periods[p].first_day);
        check_string(o, "last_day", r->periods[p].last_day);
        assert_true(json_is_boolean(json_object_get(o, "complete")));
        assert_int_equal(json_is_true(json_object_get(o, "complete")), r->periods[p].complete);
    }

    arr = json_object_get(doc, "metrics");
    assert_true(json_is_array(arr));
    assert_int_equal(json_array_size(arr), r->nmetrics);
    for (size_t m = 0; m < r->nmetrics; m++) {
        const rpo_metric_info *mi = &r->metrics[m];
        json_t *o = json_array_get(arr, m), *dims, *segs, *d;
        const char *dim;
        size_t nd = 0, s = 1;

        check_keys(o, met_keys);
        check_string(o, "id", mi->id);
        check_string(o, "name", mi->name);
        check_string(o, "unit", rpo_unit_name(mi->unit));
        check_string(o, "direction", rpo_direction_name(mi->direction));
        check_string(o, "period_event", mi->period_event);
        check_string(o, "process_area", mi->process_area);
        check_string(o, "definition", mi->definition);
        assert_true(json_is_boolean(json_object_get(o, "distribution")));
        assert_int_equal(json_is_true(json_object_get(o, "distribution")), mi->distribution);
        dims = json_object_get(o, "dimensions");
        assert_true(json_is_array(dims));
        for (; mi->dimensions && mi->dimensions[nd]; nd++)
            assert_string_equal(json_string_value(json_array_get(dims, nd)), mi->dimensions[nd]);
        assert_int_equal(json_array_size(dims), nd);
        assert_true(json_is_boolean(json_object_get(o, "key")));
        assert_int_equal(json_is_true(json_object_get(o, "key")), mi->key);
        check_string(o, "origin", mi->origin);

        /* Segment "all": one member per period, in period order. */
        check_values(json_object_get(o, "values"), r, m, 0);

        /* Other segments: the supported ones, by dimension, in report
         * order (the fixture's segments of a dimension are adjacent). */
        segs = json_object_get(o, "segments");
        assert_true(json_is_object(segs));
        json_object_foreach(segs, dim, d) {
            const char *val;
            json_t *values;

            assert_true(json_is_object(d));
            assert_true(json_object_size(d) > 0);
            json_object_foreach(d, val, values) {
                while (s < r->nsegments && rpo_report_cell(r, m, 0, s) == NULL)
                    s++;
                assert_true(s < r->nsegments);
                assert_string_equal(dim, r->segments[s].dimension);
                assert_string_equal(val, r->segments[s].value);
                check_values(values, r, m, s);
                segs_seen++;
                s++;
            }
        }
        while (s < r->nsegments && rpo_report_cell(r, m, 0, s) == NULL)
            s++;
        assert_int_equal(s, r->nsegments); /* none left out */
    }
    assert_int_equal(segs_seen, r->nsegment_values);

    /* The incentive. */
    inc = json_object_get(doc, "incentive");
    check_keys(inc, inc_keys);
    check_real(inc, "pool", r->incentive->pool);
    check_real(inc, "cap", r->incentive->cap);
    arr = json_object_get(inc, "periods");
    assert_int_equal(json_array_size(arr), r->incentive->n_periods);
    for (size_t i = 0; i < r->incentive->n_periods; i++) {
        const rpo_incentive_period *ip = &r->incentive->periods[i];
        json_t *o = json_array_get(arr, i), *lines;

        check_keys(o, ip_keys);
        check_string(o, "period", r->periods[ip->period].label);
        check_figure(o, "weighted", ip->has_weighted, ip->weighted, RPO_UNIT_PERCENT);
        check_figure(o, "tier_threshold", ip->has_tier, ip->tier_threshold, RPO_UNIT_PERCENT);
        check_figure(o, "tier_payout", ip->has_tier, ip->tier_payout, RPO_UNIT_PERCENT);
        check_real(o, "payout", ip->payout);
        lines = json_object_get(o, "lines");
        assert_int_equal(json_array_size(lines), ip->n_lines);
        for (size_t k = 0; k < ip->n_lines; k++) {
            const rpo_incentive_line *l = &ip->lines[k];
            const rpo_metric_info *mi = &r->metrics[l->metric];
            json_t *lo = json_array_get(lines, k);

            check_keys(lo, line_keys);
            check_string(lo, "metric", mi->id);
            check_real(lo, "weight", l->weight);
            check_string(lo, "state", rpo_value_state_name(l->state));
            check_figure(lo, "value", l->state == RPO_VALUE_OK, l->value, mi->unit);
            check_figure(lo, "target", 1, l->target, mi->unit);
            check_figure(lo, "attainment", l->has_attainment, l->attainment, RPO_UNIT_PERCENT);
        }
    }

    arr = json_object_get(doc, "achievements");
    assert_int_equal(json_array_size(arr), r->nachievements);
    for (size_t i = 0; i < r->nachievements; i++) {
        const rpo_achievement *a = &r->achievements[i];
        json_t *o = json_array_get(arr, i);

        check_keys(o, ach_keys);
        check_string(o, "kind", rpo_achievement_kind_name(a->kind));
        check_string(o, "metric", a->metric);
        check_string(o, "first", a->first);
        check_string(o, "last", a->last);
        assert_true(json_is_number(json_object_get(o, "value")));
        assert_true(json_number_value(json_object_get(o, "value")) == a->value);
        check_string(o, "text", a->text);
        assert_int_equal(json_is_true(json_object_get(o, "new")), a->is_new);
    }

    arr = json_object_get(doc, "risks");
    assert_int_equal(json_array_size(arr), r->nrisks);
    for (size_t i = 0; i < r->nrisks; i++) {
        const rpo_risk *k = &r->risks[i];
        json_t *o = json_array_get(arr, i);

        check_keys(o, risk_keys);
        check_string(o, "id", k->id);
        check_string(o, "title", k->title);
        check_string(o, "category", k->category);
        check_int(o, "severity", k->severity);
        check_string(o, "status", k->status);
        check_string(o, "raised_at", k->raised_at);
        if (*k->closed_at)
            check_string(o, "closed_at", k->closed_at);
        else
            check_null(o, "closed_at");
        check_string(o, "owner", k->owner);
        assert_int_equal(json_is_true(json_object_get(o, "open")), k->open);
        assert_int_equal(json_is_true(json_object_get(o, "new")), k->is_new);
    }

    arr = json_object_get(doc, "goals");
    assert_int_equal(json_array_size(arr), r->ngoals);
    for (size_t i = 0; i < r->ngoals; i++) {
        const rpo_goal *g = &r->goals[i];
        json_t *o = json_array_get(arr, i), *links;

        check_keys(o, goal_keys);
        check_string(o, "name", g->name);
        check_string(o, "description", g->description);
        links = json_object_get(o, "links");
        assert_int_equal(json_array_size(links), g->n_links);
        for (size_t k = 0; k < g->n_links; k++) {
            const rpo_alignment_link *l = &g->links[k];
            json_t *lo = json_array_get(links, k);
            int ok = l->state == RPO_CORR_OK;

            check_keys(lo, link_keys);
            check_string(lo, "from", l->from);
            check_string(lo, "to", l->to);
            check_int(lo, "lag", l->lag);
            check_int(lo, "n", (long long)l->n);
            check_string(lo, "state", rpo_corr_state_name(l->state));
            check_figure(lo, "pearson", ok, l->pearson, RPO_UNIT_RATIO);
            check_figure(lo, "spearman", ok, l->spearman, RPO_UNIT_RATIO);
        }
    }

    check_keys(json_object_get(doc, "data_quality"), dq_keys);
    arr = json_object_get(json_object_get(doc, "data_quality"), "sources");
    assert_int_equal(json_array_size(arr), r->nsources);
    for (size_t i = 0; i < r->nsources; i++) {
        json_t *o = json_array_get(arr, i);
        check_keys(o, src_keys);
        check_string(o, "instance", r->sources[i].instance);
        check_string(o, "plugin", r->sources[i].plugin);
        check_string(o, "record", r->sources[i].record);
        check_int(o, "read", (long long)r->sources[i].read);
        check_int(o, "accepted", (long long)r->sources[i].accepted);
        check_int(o, "rejected", (long long)r->sources[i].rejected);
    }
    arr = json_object_get(json_object_get(doc, "data_quality"), "flags");
    assert_int_equal(json_array_size(arr), r->nflags);
    for (size_t i = 0; i < r->nflags; i++) {
        json_t *o = json_array_get(arr, i);
        check_keys(o, flag_keys);
        check_string(o, "code", r->flags[i].code);
        check_string(o, "description", r->flags[i].description);
        check_int(o, "count", (long long)r->flags[i].count);
        check_string(o, "example", r->flags[i].example);
    }
    json_decref(doc);
    free(out);
}

/*
 * The schema-2 members, pinned as text: a value with a target judged near
 * (and one with a change against the previous period), a segment's value,
 * an incentive period that reached a tier, null coefficients of a link with
 * too few periods, and an achievement.
 */
static void test_new_members(void **state)
{
    const char *const kv[] = { "pretty", "false", NULL };
    int rc;
    char *out = run(fake_report_standard(), kv, &rc);

    (void)state;
    assert_int_equal(rc, RPO_OK);
    assert_non_null(strstr(out, "\"distribution\":true,\"dimensions\":[\"source\",\"department\"],"
                                "\"key\":true,\"origin\":\"built-in\",\"values\":{"));
    assert_non_null(strstr(out, "\"overall\":{\"state\":\"ok\",\"n\":23,\"value\":33.0,"
                                "\"mean\":34.04,\"p90\":50.6,\"status\":\"near\","
                                "\"target\":30.0,\"baseline\":40.0,"
                                "\"change_vs_baseline\":-7.0,\"change_vs_previous\":null,"
                                "\"previous_run\":33.0,\"change_vs_run\":0.0,\"previous_status\":\"near\"}},"
                                "\"segments\":{\"department\":{\"Engineering\":{"));
    /* A count's changes are integers, like its value. */
    assert_non_null(strstr(out, "\"2024Q2\":{\"state\":\"ok\",\"n\":9,\"value\":9,"
                                "\"status\":\"none\",\"target\":null,\"baseline\":null,"
                                "\"change_vs_baseline\":null,\"change_vs_previous\":-5,\"previous_run\":null,\"change_vs_run\":null,\"previous_status\":null}"));
    /* Segments follow the report's order, not the metric's dimension list. */
    assert_non_null(strstr(out, "\"Engineering\":{\"2024Q1\":{\"state\":\"ok\",\"n\":7,"
                                "\"value\":31.0,\"mean\":32.5,\"p90\":44.0,"
                                "\"status\":\"missed\",\"target\":25.0,\"baseline\":40.0,"
                                "\"change_vs_baseline\":-9.0,\"change_vs_previous\":null,\"previous_run\":null,\"change_vs_run\":null,\"previous_status\":null},"));
    assert_non_null(strstr(out, "\"2024Q3\":{\"state\":\"ok\",\"n\":5,\"value\":26.5,"
                                "\"mean\":27.1,\"p90\":33.9,\"status\":\"near\","
                                "\"target\":25.0,\"baseline\":40.0,"
                                "\"change_vs_baseline\":-13.5,\"change_vs_previous\":null,\"previous_run\":null,\"change_vs_run\":null,\"previous_status\":null}"));
    assert_non_null(strstr(out, "}}},\"source\":{\"referral\":{\"2024Q1\":{\"state\":"
                                "\"insufficient\",\"n\":3,\"value\":null,\"mean\":null,"
                                "\"p90\":null,\"status\":\"insufficient\",\"target\":30.0,"));
    /* No dimensions: an empty list and no segments. */
    assert_non_null(strstr(out, "\"distribution\":false,\"dimensions\":[],\"key\":false,"
                                "\"origin\":\"config\",\"values\":{"));
    assert_non_null(strstr(out, "\"change_vs_previous\":null,\"previous_run\":null,\"change_vs_run\":null,\"previous_status\":null}},\"segments\":{}}],"
                                "\"incentive\":{\"pool\":10000.0,\"cap\":120.0,\"periods\":["
                                "{\"period\":\"2024Q1\",\"weighted\":90.41,"
                                "\"tier_threshold\":80.0,\"tier_payout\":50.0,"
                                "\"payout\":5000.0,\"lines\":[{\"metric\":\"time_to_fill\","
                                "\"weight\":60.0,\"state\":\"ok\",\"value\":34.5,"
                                "\"target\":30.0,\"attainment\":86.96},"));
    /* A line without a value: no value and no attainment, whatever the
     * engine left in the struct. */
    assert_non_null(strstr(out, "{\"metric\":\"offer_acceptance\",\"weight\":40.0,"
                                "\"state\":\"empty\",\"value\":null,\"target\":85.0,"
                                "\"attainment\":null}]}]},"));
    assert_non_null(strstr(out, "\"achievements\":[{\"kind\":\"milestone\",\"metric\":\"hires\","
                                "\"first\":\"2024-08-14\",\"last\":\"2024-08-14\","
                                "\"value\":25,\"text\":\"Hire number 25 accepted on "
                                "2024-08-14\",\"new\":true},"));
    assert_non_null(strstr(out, "{\"kind\":\"best_period\",\"metric\":\"requisitions_opened\","
                                "\"first\":\"2024Q1\",\"last\":\"2024Q1\",\"value\":14,"));
    assert_non_null(strstr(out, "{\"kind\":\"improvement\",\"metric\":\"time_to_fill\","
                                "\"first\":\"2024Q3\",\"last\":\"2024Q3\",\"value\":29.18,"));
    assert_non_null(strstr(out, "\"goals\":[{\"name\":\"speed\",\"description\":\"Faster fills "
                                "should keep new hires longer.\",\"links\":[{\"from\":"
                                "\"lever:sourcers\",\"to\":\"metric:time_to_fill\",\"lag\":0,"
                                "\"n\":3,\"state\":\"ok\",\"pearson\":-0.9449,"
                                "\"spearman\":-1.0},{\"from\":\"lever:sourcers\",\"to\":"
                                "\"metric:time_to_fill\",\"lag\":1,\"n\":2,\"state\":"
                                "\"too_few_periods\",\"pearson\":null,\"spearman\":null},"
                                "{\"from\":\"metric:time_to_fill\",\"to\":\"outcome:retention\","
                                "\"lag\":0,\"n\":3,\"state\":\"no_variation\","
                                "\"pearson\":null,\"spearman\":null}]}],\"frameworks\":[],"
                                "\"risks\":[{\"id\":\"R-7\",\"title\":\"Hiring-manager "
                                "interview capacity in Engineering\",\"category\":"
                                "\"operational\",\"severity\":5,\"status\":\"open\","
                                "\"raised_at\":\"2024-09-02\",\"closed_at\":null,"
                                "\"owner\":\"client\",\"open\":true,\"new\":true},"));
    free(out);
}

/* Reals keep their two decimals and whole reals stay reals. */
static void test_number_text(void **state)
{
    const char *const kv[] = { "pretty", "false", NULL };
    int rc;
    char *out = run(fake_report_standard(), kv, &rc);

    (void)state;
    assert_int_equal(rc, RPO_OK);
    assert_non_null(strstr(out, "\"value\":28.33,"));
    assert_non_null(strstr(out, "\"value\":33.0,"));  /* a real although whole */
    assert_non_null(strstr(out, "\"value\":14,"));    /* a count: an integer */
    assert_non_null(strstr(out, "\"value\":4105.77,"));
    assert_non_null(strstr(out, "\"target\":30.0,")); /* targets and changes too */
    assert_non_null(strstr(out, "\"change_vs_previous\":-5,\"previous_run\":null,\"change_vs_run\":null,\"previous_status\":null}"));
    free(out);
}

/* file = PATH: written atomically, same bytes as standard output, replacing
 * an older file and leaving no temporary file behind. */
static void test_file(void **state)
{
    char *dir = make_tmpdir(), *path = join(dir, "report.json");
    const char *const kv[] = { "file", path, NULL };
    const char *const kv_stdout[] = { NULL };
    FILE *old = fopen(path, "w");
    int rc;
    char *out, *text, *expect;

    (void)state;
    assert_non_null(old);
    fputs("old contents\n", old);
    fclose(old);
    out = run(fake_report_standard(), kv, &rc);
    assert_int_equal(rc, RPO_OK);
    assert_string_equal(out, ""); /* nothing on standard output */
    text = slurp(path);
    assert_non_null(text);
    expect = run(fake_report_standard(), kv_stdout, &rc);
    assert_string_equal(text, expect);
    assert_int_equal(count_entries(dir), 1);

    unlink(path);
    rmdir(dir);
    free(out);
    free(text);
    free(expect);
    free(path);
    free(dir);
}

/* file = "-" means standard output, not a file named "-". */
static void test_file_dash(void **state)
{
    const char *const kv[] = { "file", "-", NULL };
    int rc;
    char *out = run(fake_report_standard(), kv, &rc);

    (void)state;
    assert_int_equal(rc, RPO_OK);
    assert_string_equal(out, golden_pretty);
    free(out);
}

/* A target that cannot be created fails cleanly and creates nothing. */
static void test_file_refused(void **state)
{
    char *dir = make_tmpdir();
    const char *const kv[] = { "file", dir, NULL }; /* a directory */
    int rc;
    char *out = run(fake_report_standard(), kv, &rc);

    (void)state;
    assert_int_equal(rc, RPO_ECANTCREAT);
    assert_string_equal(out, "");
    assert_int_equal(count_entries(dir), 0);
    assert_non_null(strstr(fake_log_text(), "not a regular file"));
    rmdir(dir);
    free(out);
    free(dir);
}

/* A failing stream (a full disk) is an I/O error, not a success. */
static void test_write_error(void **state)
{
    rpo_instance inst = { "out", SINK.keys, NULL };
    FILE *full = fopen("/dev/full", "w");
    void *ctx = NULL;

    (void)state;
    if (full == NULL)
        skip();
    fake_set_stdout(full);
    assert_int_equal(SINK.create(&inst, &ctx), RPO_OK);
    assert_int_equal(SINK.write(ctx, fake_report_standard()), RPO_EIO);
    SINK.destroy(ctx);
    fake_set_stdout(NULL);
    fclose(full);
    assert_string_not_equal(fake_log_text(), "");
}

/* A report with nothing in it is still a complete document. */
static void test_empty_report(void **state)
{
    const rpo_report r = {
        .header = { "Empty", "", "", "", "2024-01-31", "rpo 0.1.0", 5 },
    };
    const char *const kv[] = { "pretty", "off", NULL };
    int rc;
    char *out = run(&r, kv, &rc);

    (void)state;
    assert_int_equal(rc, RPO_OK);
    assert_string_equal(out,
                        "{\"schema\":\"rpo-report\",\"schema_version\":2,\"generator\":\"rpo "
                        "0.1.0\",\"engagement\":{\"name\":\"Empty\",\"client\":\"\","
                        "\"provider\":\"\",\"currency\":\"\",\"as_of\":\"2024-01-31\","
                        "\"min_n\":5,\"phase\":\"\",\"previous_run_as_of\":null},\"periods\":[],\"metrics\":[],\"incentive\":null,"
                        "\"achievements\":[],\"goals\":[],\"frameworks\":[],\"risks\":[],\"data_quality\":{"
                        "\"sources\":[],\"flags\":[]}}\n");
    free(out);
}

/* Texts that are not UTF-8 are repaired (U+FFFD) with one warning; texts
 * with quotes and control characters are escaped by jansson. */
static void test_text_escaping(void **state)
{
    rpo_report r = *fake_report_standard();
    const char *const kv[] = { "pretty", "false", NULL };
    json_t *doc;
    int rc;
    char *out;

    (void)state;
    r.header.engagement = "Caf\xE9 \"Nord\"\t\xC3\xA9";
    r.header.client = "\xED\xA0\x80"; /* an encoded surrogate: invalid */
    r.header.provider = NULL;         /* treated as "" */
    out = run(&r, kv, &rc);
    assert_int_equal(rc, RPO_OK);
    doc = json_loads(out, 0, NULL);
    assert_non_null(doc);
    assert_string_equal(json_string_value(json_object_get(json_object_get(doc, "engagement"),
                                                          "name")),
                        "Caf\xEF\xBF\xBD \"Nord\"\t\xC3\xA9");
    assert_string_equal(json_string_value(json_object_get(json_object_get(doc, "engagement"),
                                                          "client")),
                        "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");
    assert_string_equal(json_string_value(json_object_get(json_object_get(doc, "engagement"),
                                                          "provider")),
                        "");
    assert_non_null(strstr(out, "\"Caf\xEF\xBF\xBD \\\"Nord\\\"\\t\xC3\xA9\""));
    /* Warned once, although two texts were repaired. */
    assert_non_null(strstr(fake_log_text(), "not valid UTF-8"));
    assert_null(strstr(strstr(fake_log_text(), "not valid UTF-8") + 1, "not valid UTF-8"));
    json_decref(doc);
    free(out);
}

static void test_utf8_sequence(void **state)
{
    (void)state;
    assert_int_equal(sink_text_utf8_sequence((const unsigned char *)"a"), 1);
    assert_int_equal(sink_text_utf8_sequence((const unsigned char *)"\xC3\xA9"), 2);
    assert_int_equal(sink_text_utf8_sequence((const unsigned char *)"\xE2\x82\xAC"), 3);
    assert_int_equal(sink_text_utf8_sequence((const unsigned char *)"\xF0\x9F\x98\x80"), 4);
    assert_int_equal(sink_text_utf8_sequence((const unsigned char *)"\xC0\xAF"), 0);         /* overlong */
    assert_int_equal(sink_text_utf8_sequence((const unsigned char *)"\xE0\x80\xAF"), 0);     /* overlong */
    assert_int_equal(sink_text_utf8_sequence((const unsigned char *)"\xED\xA0\x80"), 0);     /* surrogate */
    assert_int_equal(sink_text_utf8_sequence((const unsigned char *)"\xF4\x90\x80\x80"), 0); /* > 10FFFF */
    assert_int_equal(sink_text_utf8_sequence((const unsigned char *)"\xC3"), 0);             /* cut short */
    assert_int_equal(sink_text_utf8_sequence((const unsigned char *)"\xE2\x82"), 0);
    assert_int_equal(sink_text_utf8_sequence((const unsigned char *)"\x80"), 0);
}

/* Two periods with one label would merge silently: refused instead. */
static void test_duplicate_label(void **state)
{
    const rpo_report *std = fake_report_standard();
    rpo_period periods[4];
    rpo_report r = *std;
    const char *const kv[] = { NULL };
    int rc;
    char *out;

    (void)state;
    memcpy(periods, std->periods, sizeof(periods));
    periods[1].label = "2024Q1";
    r.periods = periods;
    out = run(&r, kv, &rc);
    assert_int_equal(rc, RPO_ERR);
    assert_string_equal(out, ""); /* nothing written */
    assert_non_null(strstr(fake_log_text(), "two periods labelled \"2024Q1\""));
    free(out);
}

/* A value that is not a number (an engine bug) becomes null with a warning,
 * never an invalid document; -0 prints as 0.0. */
static void test_nonfinite(void **state)
{
    const rpo_metric_info mi[] = {
        { .id = "x", .name = "X", .unit = RPO_UNIT_RATIO, .distribution = 1 },
    };
    const rpo_period per[] = { { "overall", "", "2024-01-31", 1, 0 } };
    rpo_metric_value val[] = { { .state = RPO_VALUE_OK, .n = 7, .value = -0.0,
                                 .mean = 1.0 / 0.0, .p90 = 0.0 / 0.0,
                                 .has_target = 1, .target = 0.0 / 0.0,
                                 .has_change_previous = 1, .change_vs_previous = -0.0 } };
    const rpo_report r = {
        .header = { "E", "", "", "", "2024-01-31", "rpo 0.1.0", 5 },
        .periods = per, .nperiods = 1, .metrics = mi, .nmetrics = 1, .values = val,
    };
    const char *const kv[] = { "pretty", "false", NULL };
    int rc;
    char *out = run(&r, kv, &rc);

    (void)state;
    assert_int_equal(rc, RPO_OK);
    assert_non_null(strstr(out, "{\"overall\":{\"state\":\"ok\",\"n\":7,\"value\":0.0,"
                                "\"mean\":null,\"p90\":null,\"status\":\"none\","
                                "\"target\":null,\"baseline\":null,"
                                "\"change_vs_baseline\":null,\"change_vs_previous\":0.0,\"previous_run\":null,\"change_vs_run\":null,\"previous_status\":null}}"));
    assert_non_null(strstr(fake_log_text(), "not a number"));
    free(out);
}

/* Framework assessments: groups with index, stage, dimensions (an empty one
 * has null scores), figures and findings; an insufficient group has none. */
static void test_frameworks(void **state)
{
    const rpo_assessment_dimension_view dims[] = {
        { "awareness", 4, RPO_VALUE_OK, 4.25, 0.5, "ok" },
        { "desire", 4, RPO_VALUE_OK, 2.75, 0.96, "barrier" },
        { "knowledge", 0, RPO_VALUE_EMPTY, 0, 0, "" } };
    const rpo_assessment_figure_view figs[] = { { "barrier points", "desire", 3, 4 } };
    const rpo_assessment_finding_view finds[] = { { "Barrier point: desire", "Build desire." } };
    const rpo_assessment_group_view groups[] = {
        { "", "overall", 4, RPO_VALUE_OK, 1, 62.5, "desire", dims, 3, figs, 1, finds, 1 },
        { "recruiters", "2025Q1", 2, RPO_VALUE_INSUFFICIENT, 0, 0, "", NULL, 0, NULL, 0, NULL, 0 } };
    const rpo_framework_view fw[] = { { "readiness", "adkar", "adkar", "readiness index",
                                        "barrier point", 9, 1, groups, 2 } };
    const rpo_report r = {
        .header = { "E", "", "", "", "2025-03-31", "rpo 0.1.0", 5 },
        .frameworks = fw, .nframeworks = 1,
    };
    const char *const kv[] = { "pretty", "false", NULL };
    int rc;
    char *out = run(&r, kv, &rc);

    (void)state;
    assert_int_equal(rc, RPO_OK);
    assert_non_null(strstr(out,
        "\"frameworks\":[{\"instance\":\"readiness\",\"framework\":\"adkar\","
        "\"instrument\":\"adkar\",\"index_name\":\"readiness index\","
        "\"stage_name\":\"barrier point\",\"accepted\":9,\"rejected\":1,\"groups\":["
        "{\"group\":\"\",\"period\":\"overall\",\"n\":4,\"state\":\"ok\",\"index\":62.5,"
        "\"stage\":\"desire\",\"dimensions\":["
        "{\"name\":\"awareness\",\"n\":4,\"state\":\"ok\",\"score\":4.25,\"spread\":0.5,"
        "\"status\":\"ok\"},"
        "{\"name\":\"desire\",\"n\":4,\"state\":\"ok\",\"score\":2.75,\"spread\":0.96,"
        "\"status\":\"barrier\"},"
        "{\"name\":\"knowledge\",\"n\":0,\"state\":\"empty\",\"score\":null,"
        "\"spread\":null,\"status\":\"\"}],"
        "\"figures\":[{\"table\":\"barrier points\",\"name\":\"desire\",\"value\":3.0,"
        "\"n\":4}],\"findings\":[{\"finding\":\"Barrier point: desire\","
        "\"action\":\"Build desire.\"}]},"
        "{\"group\":\"recruiters\",\"period\":\"2025Q1\",\"n\":2,"
        "\"state\":\"insufficient\",\"index\":null,\"stage\":\"\",\"dimensions\":[],"
        "\"figures\":[],\"findings\":[]}]}],\"risks\":[],\"data_quality\":"));
    free(out);
}

/* Counts are whole; a count that arrives as 13.999999 still prints 14. */
static void test_count_rounding(void **state)
{
    const rpo_metric_info mi[] = {
        { .id = "c", .name = "C", .unit = RPO_UNIT_COUNT },
    };
    const rpo_period per[] = { { "a", "2024-01-01", "2024-01-31", 0, 1 },
                               { "b", "2024-02-01", "2024-02-29", 0, 1 } };
    rpo_metric_value val[] = { { .state = RPO_VALUE_OK, .n = 14, .value = 13.999999,
                                 .has_target = 1, .target = 15.0000001 },
                               { .state = RPO_VALUE_OK, .n = 3, .value = -2.0000001,
                                 .has_change_previous = 1, .change_vs_previous = -15.99999 } };
    const rpo_report r = {
        .header = { "E", "", "", "", "2024-02-29", "rpo 0.1.0", 1 },
        .periods = per, .nperiods = 2, .metrics = mi, .nmetrics = 1, .values = val,
    };
    const char *const kv[] = { "pretty", "false", NULL };
    int rc;
    char *out = run(&r, kv, &rc);

    (void)state;
    assert_int_equal(rc, RPO_OK);
    assert_non_null(strstr(out, "\"values\":{\"a\":{\"state\":\"ok\",\"n\":14,\"value\":14,"
                                "\"status\":\"none\",\"target\":15,\"baseline\":null,"
                                "\"change_vs_baseline\":null,\"change_vs_previous\":null,\"previous_run\":null,\"change_vs_run\":null,\"previous_status\":null},"
                                "\"b\":{\"state\":\"ok\",\"n\":3,\"value\":-2,"
                                "\"status\":\"none\",\"target\":null,\"baseline\":null,"
                                "\"change_vs_baseline\":null,\"change_vs_previous\":-16,\"previous_run\":null,\"change_vs_run\":null,\"previous_status\":null}}"));
    free(out);
}

/* A report of ABI 1.0 data only: the schema-2 members are there, empty. */
static void test_no_abi11_data(void **state)
{
    rpo_report r = *fake_report_standard();
    rpo_metric_info mi[4];
    const char *const kv[] = { "pretty", "false", NULL };
    int rc;
    char *out;

    (void)state;
    memcpy(mi, r.metrics, sizeof(mi));
    for (size_t m = 0; m < 4; m++) {
        mi[m].dimensions = NULL;
        mi[m].key = 0;
        mi[m].origin = NULL;
    }
    r.metrics = mi;
    r.segments = NULL;
    r.nsegments = 0;
    r.segment_values = NULL;
    r.nsegment_values = 0;
    r.incentive = NULL;
    r.achievements = NULL;
    r.nachievements = 0;
    r.goals = NULL;
    r.ngoals = 0;
    r.risks = NULL;
    r.nrisks = 0;
    out = run(&r, kv, &rc);
    assert_int_equal(rc, RPO_OK);
    assert_non_null(strstr(out, "\"distribution\":false,\"dimensions\":[],\"key\":false,"
                                "\"origin\":\"\",\"values\":{\"2024Q1\":"));
    assert_non_null(strstr(out, "}},\"segments\":{}}],\"incentive\":null,\"achievements\":[],"
                                "\"goals\":[],\"frameworks\":[],\"risks\":[],\"data_quality\":{"));
    free(out);
}

/* Incentive periods without a weighted attainment or a tier; a count
 * metric's value and target are integers. */
static void test_incentive_nulls(void **state)
{
    static const rpo_metric_info mi[] = {
        { .id = "t", .name = "T", .unit = RPO_UNIT_DAYS, .direction = RPO_LOWER_IS_BETTER },
        { .id = "h", .name = "H", .unit = RPO_UNIT_COUNT, .direction = RPO_HIGHER_IS_BETTER },
    };
    static const rpo_period per[] = { { "a", "2024-01-01", "2024-01-31", 0, 1 },
                                      { "b", "2024-02-01", "2024-02-29", 0, 1 },
                                      { "overall", "", "2024-02-29", 1, 0 } };
    static const rpo_metric_value val[6] = { { .state = RPO_VALUE_EMPTY } };
    static const rpo_incentive_line la[] = {
        { 0, 1, RPO_VALUE_INSUFFICIENT, 12.5, 20, 0, 99 },
    };
    static const rpo_incentive_line lb[] = {
        { 1, 2.5, RPO_VALUE_OK, 3, 4, 1, 75 },
    };
    static const rpo_incentive_period ip[] = {
        { 0, la, 1, 0, 0, 0, 0, 0, 0 },
        { 1, lb, 1, 1, 75, 0, 0, 0, 0 },
    };
    static const rpo_incentive inc = { 500.5, 110, ip, 2 };
    const rpo_report r = {
        .header = { "E", "", "", "", "2024-02-29", "rpo 0.1.0", 2 },
        .periods = per, .nperiods = 3, .metrics = mi, .nmetrics = 2, .values = val,
        .incentive = &inc,
    };
    const char *const kv[] = { "pretty", "false", NULL };
    int rc;
    char *out = run(&r, kv, &rc);

    (void)state;
    assert_int_equal(rc, RPO_OK);
    assert_non_null(strstr(out, "\"incentive\":{\"pool\":500.5,\"cap\":110.0,\"periods\":["
                                "{\"period\":\"a\",\"weighted\":null,\"tier_threshold\":null,"
                                "\"tier_payout\":null,\"payout\":0.0,\"lines\":[{\"metric\":"
                                "\"t\",\"weight\":1.0,\"state\":\"insufficient\",\"value\":null,"
                                "\"target\":20.0,\"attainment\":null}]},{\"period\":\"b\","
                                "\"weighted\":75.0,\"tier_threshold\":null,\"tier_payout\":null,"
                                "\"payout\":0.0,\"lines\":[{\"metric\":\"h\",\"weight\":2.5,"
                                "\"state\":\"ok\",\"value\":3,\"target\":4,"
                                "\"attainment\":75.0}]}]},\"achievements\":[]"));
    free(out);
}

/* An incentive line naming a metric the report lacks: refused. */
static void test_incentive_bad_metric(void **state)
{
    rpo_report r = *fake_report_standard();
    rpo_incentive inc = *r.incentive;
    rpo_incentive_period ip = inc.periods[0];
    rpo_incentive_line line = ip.lines[0];
    const char *const kv[] = { NULL };
    int rc;
    char *out;

    (void)state;
    line.metric = 9;
    ip.lines = &line;
    ip.n_lines = 1;
    inc.periods = &ip;
    inc.n_periods = 1;
    r.incentive = &inc;
    out = run(&r, kv, &rc);
    assert_int_equal(rc, RPO_ERR);
    assert_string_equal(out, "");
    assert_non_null(strstr(fake_log_text(), "report's incentive names no metric 9"));
    free(out);
}

/* A segment the metric supports (it has a value in the first period) that
 * lacks a later period's value: refused rather than written without it. */
static void test_segment_hole(void **state)
{
    rpo_report r = *fake_report_standard();
    const char *const kv[] = { NULL };
    int rc;
    char *out;

    fake_segment_values sv[5];

    (void)state;
    memcpy(sv, r.segment_values, sizeof(sv));
    assert_int_equal(sv[4].segment, 3); /* time_to_fill's source = referral */
    sv[4].nvalues = 2;
    r.segment_values = sv;
    out = run(&r, kv, &rc);
    assert_int_equal(rc, RPO_ERR);
    assert_string_equal(out, "");
    assert_non_null(strstr(fake_log_text(), "report has no value for metric time_to_fill, "
                                            "period 2, segment source = referral"));
    free(out);
}

/* Two segments of one name would merge silently: refused. */
static void test_duplicate_segment(void **state)
{
    rpo_report r = *fake_report_standard();
    rpo_segment segs[4];
    const char *const kv[] = { NULL };
    int rc;
    char *out;

    (void)state;
    memcpy(segs, r.segments, sizeof(segs));
    segs[2].value = "Engineering";
    r.segments = segs;
    out = run(&r, kv, &rc);
    assert_int_equal(rc, RPO_ERR);
    assert_string_equal(out, "");
    assert_non_null(strstr(fake_log_text(), "two segments department = \"Engineering\""));
    free(out);
}

/* Segment values come from data files: invalid UTF-8 in them is repaired
 * in the key, as in any text. */
static void test_segment_utf8(void **state)
{
    rpo_report r = *fake_report_standard();
    rpo_segment segs[4];
    const char *const kv[] = { "pretty", "false", NULL };
    json_t *doc;
    int rc;
    char *out;

    (void)state;
    memcpy(segs, r.segments, sizeof(segs));
    segs[2].value = "S\xE9les";
    r.segments = segs;
    out = run(&r, kv, &rc);
    assert_int_equal(rc, RPO_OK);
    doc = json_loads(out, JSON_REJECT_DUPLICATES, NULL);
    assert_non_null(doc);
    assert_non_null(strstr(out, "},\"S\xEF\xBF\xBDles\":{\"2024Q1\":{"));
    assert_non_null(strstr(fake_log_text(), "not valid UTF-8"));
    json_decref(doc);
    free(out);
}

/*
 * Make each allocation (the sink's and jansson's) fail in turn: every
 * failure is RPO_ENOMEM, logged, writes nothing and leaks nothing (run under
 * valgrind or ASan), until enough succeed for the normal output.
 */
static void test_out_of_memory(void **state)
{
    const char *const kv[] = { NULL };
    int done = 0;

    (void)state;
    json_set_alloc_funcs(budget_malloc, free);
    for (long budget = 0; budget < 100000 && !done; budget++) {
        int rc;
        char *out;

        fake_log_reset();
        alloc_budget = budget;
        out = run(fake_report_standard(), kv, &rc);
        alloc_budget = -1;
        if (rc == RPO_OK) {
            assert_string_equal(out, golden_pretty);
            done = 1;
        } else {
            assert_int_equal(rc, RPO_ENOMEM);
            assert_string_equal(out, "");
            assert_non_null(strstr(fake_log_text(), "out of memory"));
        }
        free(out);
    }
    json_set_alloc_funcs(malloc, free);
    assert_true(done);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_descriptor, setup),
        cmocka_unit_test_setup(test_golden_pretty, setup),
        cmocka_unit_test_setup(test_segments_key, setup),
        cmocka_unit_test_setup(test_frameworks, setup),
        cmocka_unit_test_setup(test_golden_compact, setup),
        cmocka_unit_test_setup(test_deterministic, setup),
        cmocka_unit_test_setup(test_fields, setup),
        cmocka_unit_test_setup(test_new_members, setup),
        cmocka_unit_test_setup(test_number_text, setup),
        cmocka_unit_test_setup(test_file, setup),
        cmocka_unit_test_setup(test_file_dash, setup),
        cmocka_unit_test_setup(test_file_refused, setup),
        cmocka_unit_test_setup(test_write_error, setup),
        cmocka_unit_test_setup(test_empty_report, setup),
        cmocka_unit_test_setup(test_text_escaping, setup),
        cmocka_unit_test_setup(test_utf8_sequence, setup),
        cmocka_unit_test_setup(test_duplicate_label, setup),
        cmocka_unit_test_setup(test_nonfinite, setup),
        cmocka_unit_test_setup(test_count_rounding, setup),
        cmocka_unit_test_setup(test_no_abi11_data, setup),
        cmocka_unit_test_setup(test_incentive_nulls, setup),
        cmocka_unit_test_setup(test_incentive_bad_metric, setup),
        cmocka_unit_test_setup(test_segment_hole, setup),
        cmocka_unit_test_setup(test_duplicate_segment, setup),
        cmocka_unit_test_setup(test_segment_utf8, setup),
        cmocka_unit_test_setup(test_out_of_memory, setup),
    };

    cmocka_set_message_output(CM_OUTPUT_TAP);
    return cmocka_run_group_tests_name("sink_json", tests, NULL, NULL);
}
