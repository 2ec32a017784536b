# systemd units: rpo@.service (made from rpo@.service.in with the install
# folder of rpo) and rpo@.timer, one instance per engagement. They are always
# built, so that tests/integration/systemd.sh can verify them, and installed
# in $(systemdsystemunitdir) unless configure was given
# --without-systemdsystemunitdir or found no systemd.pc (see configure.ac).
systemd_units = conf/systemd/rpo@.service conf/systemd/rpo@.timer
if HAVE_SYSTEMDSYSTEMUNITDIR
systemdsystemunit_DATA = $(systemd_units)
else
noinst_DATA = $(systemd_units)
endif
EXTRA_DIST += conf/systemd/rpo@.service.in conf/systemd/rpo@.timer
CLEANFILES += conf/systemd/rpo@.service

# Made by make, not by configure: configure's @bindir@ is `${exec_prefix}/bin`,
# which only make expands (the Autoconf manual's advice for such files).
conf/systemd/rpo@.service: $(srcdir)/conf/systemd/rpo@.service.in Makefile
	$(AM_V_GEN)$(MKDIR_P) conf/systemd && \
	  sed -e 's|@bindir[@]|$(bindir)|g' $(srcdir)/conf/systemd/rpo@.service.in >$@.tmp && \
	  mv $@.tmp $@

TESTS += tests/integration/systemd.sh
dist_check_SCRIPTS += tests/integration/systemd.sh
