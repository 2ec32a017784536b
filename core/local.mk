# librpo: the engine and the SDK implementation; rpo: the CLI.
lib_LTLIBRARIES += core/librpo.la
core_librpo_la_SOURCES = \
	core/calendar.c core/calendar.h core/cfg.c core/cfg.h core/date.c core/date.h \
	core/emit.c core/emit.h core/engine.c core/engine.h core/formula.c core/formula.h \
	core/framework.c core/framework.h \
	core/hist.c core/hist.h core/instance.c core/instance.h core/interrupt.c \
	core/interrupt.h core/loader.c core/loader.h \
	core/log.c core/log.h core/metrics.c core/metrics.h core/model.c core/model.h \
	core/model_finish.c core/model_internal.h core/registry.c core/registry.h \
	core/report_internal.h core/sample.c core/sample.h core/scorecard.c core/secret.c core/secret.h \
	core/outfile.c core/parse.c core/parse.h core/pseudonym.c core/pseudonym.h \
	core/record_model.c core/record_model.h core/report.c core/report_build.h core/report_previous.c core/report_risks.c core/stats.c \
	core/stats.h core/store.c core/store.h core/store_history.c core/store_internal.h \
	core/store_records.c core/store_run.c core/store_schema.c core/strmap.c core/strmap.h core/util.c core/util.h
core_librpo_la_CFLAGS = $(AM_CFLAGS) -pthread $(INIH_CFLAGS) $(SQLITE3_CFLAGS) $(CRYPTO_CFLAGS)
core_librpo_la_LIBADD = $(LTDL_LIBS) $(INIH_LIBS) $(SQLITE3_LIBS) $(CRYPTO_LIBS) -lpthread -lm
# Interface version current:revision:age; bump with the plugin ABI.
core_librpo_la_LDFLAGS = -version-info 3:0:2 -no-undefined

bin_PROGRAMS += core/rpo
core_rpo_SOURCES = core/main.c
core_rpo_LDADD = core/librpo.la
