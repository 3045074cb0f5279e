/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Messages on stderr and exits for the hsmon tools: "PROG: message",
 * PROG being msg_prog, which each program defines.
 */
#ifndef _HSU_MSG_H
#define _HSU_MSG_H

#define __printf(a, b)	__attribute__((format(printf, a, b)))
#define __noreturn	__attribute__((noreturn))

#define EXIT_FAIL	1
#define EXIT_USAGE	2

/* The program's name, the prefix of every message. */
extern const char msg_prog[];

/* Print "PROG: message". */
void __printf(1, 2) msg(const char *fmt, ...);
/* Print "PROG: message" and exit with EXIT_FAIL. */
void __printf(1, 2) __noreturn die(const char *fmt, ...);
/* Print "PROG: message: strerror(errno)" and exit with EXIT_FAIL. */
void __printf(1, 2) __noreturn die_errno(const char *fmt, ...);
/* Print "PROG: message", point to --help and exit with EXIT_USAGE. */
void __printf(1, 2) __noreturn usage_error(const char *fmt, ...);

#endif /* _HSU_MSG_H */
