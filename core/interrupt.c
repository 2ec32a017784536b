/*
 * interrupt.c — the flag SIGINT and SIGTERM set (see interrupt.h).
 */
#include "interrupt.h"

#include <rpo/status.h>
#include <signal.h>
#include <string.h>

/* The one piece of global state: a signal handler can reach nothing else. */
static volatile sig_atomic_t stop_signal;

static void on_signal(int sig)
{
    stop_signal = sig;
}

int rpo_interrupt_install(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = SA_RESTART; /* reads go on; the run looks at the flag itself */
    if (sigaction(SIGINT, &sa, NULL) != 0 || sigaction(SIGTERM, &sa, NULL) != 0)
        return RPO_ERR;
    return RPO_OK;
}

int rpo_interrupted(void)
{
    return stop_signal;
}

int rpo_stop_requested(void)
{
    return rpo_interrupted() != 0;
}
