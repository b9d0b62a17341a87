// SPDX-License-Identifier: GPL-2.0
/*
 * Errors: what went wrong is recorded in a struct fwadm_err where it
 * happens; the wording is chosen here, in one place.
 */
#include <errno.h>
#include <stdarg.h>
#include <string.h>

#include "fwadm.h"

void fwadm_err_clear(struct fwadm_err *err)
{
	err->kind = FWADM_E_NONE;
	err->code = 0;
	err->msg[0] = '\0';
}

void fwadm_err_set(struct fwadm_err *err, enum fwadm_err_kind kind, int code,
		   const char *fmt, ...)
{
	va_list ap;

	err->kind = kind;
	err->code = code;
	err->msg[0] = '\0';
	if (fmt) {
		va_start(ap, fmt);
		vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
		va_end(ap);
	}
}

void fwadm_err_format(const struct fwadm_err *err, const char *cmd,
		      char *buf, size_t size)
{
	char prefix[64] = "";

	if (size == 0)
		return;
	if (cmd && *cmd)
		snprintf(prefix, sizeof(prefix), "%s: ", cmd);

	switch (err->kind) {
	case FWADM_E_NONE:
		snprintf(buf, size, "%sno error", prefix);
		break;
	case FWADM_E_NOT_LOADED:
		snprintf(buf, size, "rampart is not loaded (insmod rampart.ko)");
		break;
	case FWADM_E_KERNEL:
		if (err->code == EPERM || err->code == EACCES)
			snprintf(buf, size,
				 "permission denied: fwadm needs CAP_NET_ADMIN");
		else if (err->msg[0])
			snprintf(buf, size, "%s%s", prefix, err->msg);
		else
			snprintf(buf, size, "%s%s", prefix, strerror(err->code));
		break;
	case FWADM_E_SYSTEM:
		if (err->msg[0] && err->code)
			snprintf(buf, size, "%s%s: %s", prefix, err->msg,
				 strerror(err->code));
		else if (err->msg[0])
			snprintf(buf, size, "%s%s", prefix, err->msg);
		else
			snprintf(buf, size, "%s%s", prefix, strerror(err->code));
		break;
	case FWADM_E_REPLY:
		snprintf(buf, size, "%smalformed reply from rampart.ko: %s",
			 prefix, err->msg[0] ? err->msg : "unknown problem");
		break;
	case FWADM_E_DUMP_INTR:
		snprintf(buf, size,
			 "%sthe module's data changed while it was read; try again",
			 prefix);
		break;
	default:
		snprintf(buf, size, "%sunknown error", prefix);
		break;
	}
}
