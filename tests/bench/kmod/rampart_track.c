// SPDX-License-Identifier: GPL-2.0
/* Rampart's TCP tracker, which the connection table needs, for the benchmark. */
#include "core/track.c"
