/* The live ncurses view of `nsinspect top`. */
#include "top.h"

int top_run_live(struct top_ctx *ctx)
{
	(void)ctx;
	return 1;
}
