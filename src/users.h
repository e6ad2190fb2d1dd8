/* uid -> user name, cached.  With a sysroot, names come from DIR/etc/passwd
 * when it exists, so captured trees render the same on every machine. */
#ifndef NSINSPECT_USERS_H
#define NSINSPECT_USERS_H

#include <sys/types.h>

#include "sysroot.h"

/* The name, or NULL when the uid has none (callers print the number). */
const char *user_name(const struct sysroot *root, uid_t uid);
void users_free(void);

#endif
