// SPDX-License-Identifier: GPL-2.0
/* Rampart's connection table, as rampart.ko has it, for the benchmark. */
#include "conn.c"
