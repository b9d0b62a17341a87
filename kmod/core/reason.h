/* SPDX-License-Identifier: GPL-2.0 */
#ifndef RAMPART_CORE_REASON_H
#define RAMPART_CORE_REASON_H

#include "compat.h"
#include <linux/rampart.h>

/* Text for a drop reason; never NULL, "unknown drop reason" when unknown. */
const char *rampart_drop_reason_text(unsigned int reason);

#endif /* RAMPART_CORE_REASON_H */
