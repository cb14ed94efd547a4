/*
 * vip.h: what the two files of crm vip share (cmd-vip.c, cmd-vip-survey.c).
 */
#ifndef CRM_CMD_VIP_H
#define CRM_CMD_VIP_H

/* Reads all of path ("-": stdin) into a malloc'd string; NULL after
 * printing the error. */
char *vip_read_file(const char *path);

#endif
