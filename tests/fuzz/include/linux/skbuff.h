/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Userspace shim: a minimal struct sk_buff and the accessors hsmon's
 * parser uses, with the kernel's semantics.
 *
 * The packet is skb->len bytes: skb_headlen(skb) = len - data_len linear
 * bytes at skb->data, then the page fragments in order (data_len bytes in
 * all).  The network header is an offset from skb->head, as in the
 * kernel.  No headroom, tailroom, frag_list or reference counting.
 */
#ifndef _SHIM_LINUX_SKBUFF_H
#define _SHIM_LINUX_SKBUFF_H

#include <linux/kernel.h>
#include <linux/types.h>

#define MAX_SKB_FRAGS 17

/* A page fragment: @size bytes at @addr (page_address(page) + offset). */
typedef struct skb_frag {
	const unsigned char *addr;
	unsigned int size;
} skb_frag_t;

struct skb_shared_info {
	u8 nr_frags;
	skb_frag_t frags[MAX_SKB_FRAGS];
};

struct sk_buff {
	unsigned int len;		/* linear and paged bytes */
	unsigned int data_len;		/* paged bytes */
	u16 network_header;		/* offset from head */
	unsigned char *head;
	unsigned char *data;
	struct skb_shared_info shinfo;	/* the kernel's is at skb_end_pointer() */
};

static inline struct skb_shared_info *skb_shinfo(const struct sk_buff *skb)
{
	return (struct skb_shared_info *)&skb->shinfo;
}

static inline unsigned int skb_headlen(const struct sk_buff *skb)
{
	return skb->len - skb->data_len;
}

static inline unsigned int skb_frag_size(const skb_frag_t *frag)
{
	return frag->size;
}

static inline unsigned char *skb_network_header(const struct sk_buff *skb)
{
	return skb->head + skb->network_header;
}

static inline int skb_network_offset(const struct sk_buff *skb)
{
	return skb_network_header(skb) - skb->data;
}

/*
 * Copy @len bytes from @offset (relative to skb->data) into @to, from the
 * linear part and then the fragments; -EFAULT if the skb is too short.
 * In ../shim.c.
 */
int skb_copy_bits(const struct sk_buff *skb, int offset, void *to, int len);

/*
 * A pointer to @len bytes at @offset: into the linear data when they are
 * all there, else to @buffer after copying them into it; NULL when the
 * packet has fewer than @offset + @len bytes.
 */
static inline void *__must_check
skb_header_pointer(const struct sk_buff *skb, int offset, int len, void *buffer)
{
	if ((int)skb_headlen(skb) - offset >= len)
		return skb->data + offset;
	if (skb_copy_bits(skb, offset, buffer, len) < 0)
		return NULL;
	return buffer;
}

#endif
