#!/bin/sh
# systemd.sh — the units of conf/systemd/: the built rpo@.service and
# rpo@.timer pass `systemd-analyze verify` (skipped without systemd-analyze),
# carry the sandbox and the timer settings README.md promises, and the
# service's ExecStart, expanded as systemd expands it, runs an engagement
# whose configuration and key come as credentials; log lines carry journald
# priorities when stderr is the journal stream. Nothing here starts systemd
# or any unit.
. "$(dirname "$0")/tap.sh"
set -e

svc="$top_builddir/conf/systemd/rpo@.service"
timer="$top_srcdir/conf/systemd/rpo@.timer"

# has FILE LINE...: every LINE is a line of FILE; $missing lists the others.
has() {
    f=$1; shift
    missing=""
    for l in "$@"; do grep -qxF -- "$l" "$f" || missing="$missing '$l'"; done
    [ -z "$missing" ]
}

if [ -f "$svc" ] && ! grep -n '@[A-Za-z_]*@' "$svc" >"$tmp/subst"; then
    ok "rpo@.service is built, every @VAR@ substituted"
else
    not_ok "rpo@.service is not built or has unsubstituted variables" "$(cat "$tmp/subst" 2>/dev/null)"
fi
if grep -qx 'ExecStart=/.*/rpo run -c %d/config\.ini' "$svc"; then
    ok "ExecStart runs the installed rpo on the config.ini credential"
else
    not_ok "ExecStart is not 'BINDIR/rpo run -c %d/config.ini'" "$(grep '^ExecStart=' "$svc")"
fi
if has "$svc" 'Type=oneshot' 'Documentation=man:rpo(1)' \
    'LoadCredential=config.ini:/etc/rpo/%i.ini' 'LoadCredential=pseudonym-key:/etc/rpo/%i.key' \
    'Environment=RPO_PSEUDONYM_KEY_FILE=%d/pseudonym-key' 'StateDirectory=rpo/%i'; then
    ok "one engagement per instance: config and key as credentials, state in /var/lib/rpo/NAME"
else
    not_ok "rpo@.service lacks:$missing"
fi
if has "$svc" 'DynamicUser=yes' 'NoNewPrivileges=yes' 'CapabilityBoundingSet=' \
    'ProtectSystem=strict' 'ProtectHome=yes' 'ReadOnlyPaths=/etc/rpo' 'PrivateTmp=yes' \
    'PrivateDevices=yes' 'ProtectKernelTunables=yes' 'ProtectKernelModules=yes' \
    'ProtectKernelLogs=yes' 'ProtectControlGroups=yes' \
    'RestrictAddressFamilies=AF_UNIX AF_INET AF_INET6' 'RestrictNamespaces=yes' \
    'LockPersonality=yes' 'MemoryDenyWriteExecute=yes' 'RestrictRealtime=yes' \
    'RestrictSUIDSGID=yes' 'SystemCallFilter=@system-service' 'SystemCallArchitectures=native' \
    'UMask=0077'; then
    ok "rpo@.service sets every hardening directive"
else
    not_ok "rpo@.service lacks hardening:$missing"
fi
# 75 (EX_TEMPFAIL: try later) is retried; statuses no retry can change are not.
prevent=$(sed -n 's/^RestartPreventExitStatus=//p' "$svc")
if grep -qx 'Restart=on-failure' "$svc" && [ -n "$prevent" ] &&
    ! printf ' %s ' "$prevent" | grep -q ' 75 ' &&
    printf ' %s ' "$prevent" | grep -q ' 78 ' && printf ' %s ' "$prevent" | grep -q ' 64 '; then
    ok "exit 75 is retried, usage and configuration errors are not"
else
    not_ok "Restart=/RestartPreventExitStatus= do not retry exactly the transient faults" \
        "$(grep -E '^(Restart|RestartPreventExitStatus|SuccessExitStatus)=' "$svc")"
fi
if has "$timer" 'Persistent=true' 'WantedBy=timers.target' && grep -q '^OnCalendar=.' "$timer" &&
    grep -q '^RandomizedDelaySec=.' "$timer" && grep -q '^AccuracySec=.' "$timer"; then
    ok "rpo@.timer: daily OnCalendar, Persistent=true, randomized delay, WantedBy=timers.target"
else
    not_ok "rpo@.timer lacks:$missing (or OnCalendar/RandomizedDelaySec/AccuracySec)"
fi

# The ExecStart line as systemd runs it for rpo@acme.service: %d is the
# credentials folder, holding copies of /etc/rpo/acme.ini and acme.key
# (mode 0400); paths in the config are absolute; the report goes to the state
# folder.
cred="$tmp/credentials/rpo@acme.service"
state="$tmp/state/rpo/acme"
mkdir -p "$cred" "$state"
ex="$top_srcdir/conf/example"
cat >"$cred/config.ini" <<INI
[engagement]
name = Acme unattended
[source.reqs]
plugin = csv
record = requisition
file = $ex/requisitions.csv
[source.apps]
plugin = csv
record = application
file = $ex/applications.csv
[sink.json]
plugin = json
file = $state/report.json
INI
printf '%s\n' 0123456789abcdef0123456789abcdef >"$cred/pseudonym-key"
chmod 0400 "$cred/config.ini" "$cred/pseudonym-key"
expand() { sed -e "s|%d|$cred|g" -e "s|%i|acme|g"; }
cmd=$(sed -n 's/^ExecStart=//p' "$svc" | expand | sed "s|^[^ ]*/rpo |$RPO_BIN |")
keyenv=$(sed -n 's/^Environment=RPO_PSEUDONYM_KEY_FILE=//p' "$svc" | expand)
set +e
# shellcheck disable=SC2086 # the command line is split into words as systemd does
env RPO_PSEUDONYM_KEY_FILE="$keyenv" STATE_DIRECTORY="$state" $cmd >"$tmp/out" 2>"$tmp/err"
rc=$?
set -e
expect_rc "the unit's ExecStart with its credentials runs the engagement" 0
expect_eq "report written to the state folder, no warning (the key credential is private)" \
    "$(jq -r .engagement.name "$state/report.json" 2>/dev/null) $(wc -c <"$tmp/err")" "Acme unattended 0"

# journald priorities: systemd sets JOURNAL_STREAM to DEVICE:INODE of the
# stream it connects to stderr; rpo then starts each line with <N>.
journal_run() { # FILE ARGS...: run rpo with stderr appended to FILE, the journal stream
    f=$1; shift
    : >"$f"
    set +e
    JOURNAL_STREAM=$(stat -c '%d:%i' "$f") "$RPO_BIN" "$@" >/dev/null 2>>"$f"
    rc=$?
    set -e
}
cp "$cred/config.ini" "$tmp/open.ini"
cp "$cred/pseudonym-key" "$tmp/open.key"
chmod 0644 "$tmp/open.key"
RPO_PSEUDONYM_KEY_FILE="$tmp/open.key" journal_run "$tmp/j.warn" run -v -c "$tmp/open.ini"
if [ "$rc" -eq 0 ] && grep -q '^<4>rpo: warning: pseudonym key file .* readable by others' "$tmp/j.warn" &&
    grep -q '^<6>rpo: info: ' "$tmp/j.warn" && ! grep -qv '^<[46]>rpo: ' "$tmp/j.warn"; then
    ok "with JOURNAL_STREAM, warnings carry <4> and info lines <6>"
else
    not_ok "journald priorities of warning and info lines (exit $rc)" "$(head -c 600 "$tmp/j.warn")"
fi
sed "s|$ex/applications.csv|$tmp/missing.csv|" "$tmp/open.ini" >"$tmp/missing.ini"
journal_run "$tmp/j.err" run -c "$tmp/missing.ini"
if [ "$rc" -eq 66 ] && grep -q '^<3>rpo: error: ' "$tmp/j.err" && ! grep -qv '^<3>rpo: ' "$tmp/j.err"; then
    ok "with JOURNAL_STREAM, errors carry <3> (exit 66)"
else
    not_ok "journald priority of error lines (exit $rc)" "$(head -c 600 "$tmp/j.err")"
fi
: >"$tmp/other"
set +e
JOURNAL_STREAM=$(stat -c '%d:%i' "$tmp/other") "$RPO_BIN" run -c "$tmp/missing.ini" >/dev/null 2>"$tmp/j.plain"
set -e
if grep -q '^rpo: error: ' "$tmp/j.plain" && ! grep -q '^<' "$tmp/j.plain"; then
    ok "JOURNAL_STREAM naming another file: no priority prefix"
else
    not_ok "a JOURNAL_STREAM of another file still gave prefixes" "$(head -c 600 "$tmp/j.plain")"
fi

# systemd-analyze verify on copies whose ExecStart names the built rpo (verify
# wants the binary to exist). Warnings (an unknown key, a bad value) do not
# change its exit status, so any warning naming the units fails too.
if ! command -v systemd-analyze >/dev/null 2>&1; then
    skip "systemd-analyze verify rpo@.service rpo@.timer" "systemd-analyze not found (Debian package systemd)"
    skip "systemd-analyze security: exposure of rpo@.service" "systemd-analyze not found (Debian package systemd)"
else
    units="$tmp/units"
    mkdir -p "$units"
    sed "s|^ExecStart=[^ ]*/rpo |ExecStart=$RPO_BIN |" "$svc" >"$units/rpo@.service"
    cp "$timer" "$units/rpo@.timer"
    # Documentation=man:rpo(1) is checked against this tree's page when man exists.
    man_opt=--man=no
    if command -v man >/dev/null 2>&1; then
        mkdir -p "$tmp/man/man1"
        cp "$top_srcdir/man/rpo.1" "$tmp/man/man1/"
        man_opt=--man=yes
    fi
    set +e
    MANPATH="$tmp/man" SYSTEMD_LOG_LEVEL=warning SYSTEMD_COLORS=0 \
        systemd-analyze verify "$man_opt" "$units/rpo@.service" "$units/rpo@.timer" >"$tmp/verify" 2>&1
    rc=$?
    set -e
    if [ "$rc" -eq 0 ] && ! grep -q 'rpo@' "$tmp/verify"; then
        ok "systemd-analyze verify $man_opt rpo@.service rpo@.timer: no errors, no warnings"
    else
        not_ok "systemd-analyze verify rpo@.service rpo@.timer (exit $rc)" "$(head -c 1200 "$tmp/verify")"
    fi
    # The exposure score of the sandbox (0 best, 10 worst); --offline needs systemd 250.
    set +e
    SYSTEMD_LOG_LEVEL=warning SYSTEMD_COLORS=0 systemd-analyze security --offline=yes --man=no \
        "$units/rpo@.service" >"$tmp/security" 2>&1
    rc=$?
    set -e
    score=$(sed -n 's/.*Overall exposure level for [^:]*: \([0-9.]*\).*/\1/p' "$tmp/security")
    if [ "$rc" -ne 0 ] || [ -z "$score" ]; then
        skip "systemd-analyze security: exposure of rpo@.service" "systemd-analyze security --offline not supported here"
    elif awk -v s="$score" 'BEGIN { exit !(s <= 2.0) }'; then
        ok "systemd-analyze security: exposure $score (at most 2.0)"
    else
        not_ok "systemd-analyze security: exposure $score, more than 2.0" \
            "$(grep '✗' "$tmp/security" | head -20)"
    fi
fi
finish
