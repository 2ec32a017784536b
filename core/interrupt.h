/*
 * interrupt.h — stopping a run cleanly on SIGINT or SIGTERM.
 *
 * A signal handler can reach nothing but process-wide state, so this is the
 * engine's one global: the number of the signal that asked the run to stop.
 * The handler only records it; the run notices it between records and
 * before each sink, stops with RPO_EINTR, and leaves every output and the
 * store as they were (the CLI then exits with 128 + the signal's number).
 */
#ifndef RPO_CORE_INTERRUPT_H
#define RPO_CORE_INTERRUPT_H

/* rpo_interrupt_install — catch SIGINT and SIGTERM (system calls restart).
 * Returns RPO_OK or RPO_ERR. */
int rpo_interrupt_install(void);

/* rpo_interrupted — the signal that asked the run to stop, or 0. */
int rpo_interrupted(void);

#endif
