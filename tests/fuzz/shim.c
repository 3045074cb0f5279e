// SPDX-License-Identifier: GPL-2.0
/*
 * Userspace stand-ins for the kernel functions hsmon's parser calls:
 * skb_copy_bits() (net/core/skbuff.c) and ipv6_ext_hdr()/ipv6_find_hdr()
 * (net/ipv6/exthdrs_core.c), written from their documented behaviour for
 * the minimal struct sk_buff of include/linux/skbuff.h.
 */
#include <linux/ipv6.h>
#include <linux/kernel.h>
#include <linux/skbuff.h>
#include <net/ipv6.h>

int skb_copy_bits(const struct sk_buff *skb, int offset, void *to, int len)
{
	const struct skb_shared_info *sh = skb_shinfo(skb);
	int start = skb_headlen(skb);
	unsigned char *dst = to;
	int i, copy;

	if (len < 0 || offset > (int)skb->len - len)
		return -EFAULT;

	/* The linear part (a negative offset reads the headroom, as in the kernel). */
	copy = start - offset;
	if (copy > 0) {
		if (copy > len)
			copy = len;
		memcpy(dst, skb->data + offset, copy);
		len -= copy;
		offset += copy;
		dst += copy;
	}

	/* Then the fragments; @start is where the current one begins. */
	for (i = 0; len > 0 && i < sh->nr_frags; i++) {
		int end = start + (int)skb_frag_size(&sh->frags[i]);

		copy = end - offset;
		if (copy > 0) {
			if (copy > len)
				copy = len;
			memcpy(dst, sh->frags[i].addr + (offset - start), copy);
			len -= copy;
			offset += copy;
			dst += copy;
		}
		start = end;
	}
	return len ? -EFAULT : 0;
}

bool ipv6_ext_hdr(u8 nexthdr)
{
	switch (nexthdr) {
	case NEXTHDR_HOP:
	case NEXTHDR_ROUTING:
	case NEXTHDR_FRAGMENT:
	case NEXTHDR_AUTH:
	case NEXTHDR_NONE:
	case NEXTHDR_DEST:
		return true;
	}
	return false;
}

/* Is @nexthdr the end of the extension header chain? */
static bool ipv6_chain_end(u8 nexthdr)
{
	return !ipv6_ext_hdr(nexthdr) || nexthdr == NEXTHDR_NONE;
}

/**
 * ipv6_find_hdr - find a header in an IPv6 packet's extension header chain
 * @skb: the packet
 * @offset: in: 0 for the packet's own IPv6 header (which must be linear,
 *	it is read through ipv6_hdr()), else the offset of an inner IPv6
 *	header; out: the offset of the header found
 * @target: the protocol number to find, or < 0 for the last header (the
 *	transport header, ESP, or "no next header")
 * @fragoff: if not NULL, set to the fragment offset of a non-first
 *	fragment, else 0
 * @flags: if not NULL: IP6_FH_F_FRAG is set when a fragment header is
 *	met; in: IP6_FH_F_AUTH with @target < 0 stops at an AH header,
 *	IP6_FH_F_SKIP_RH skips routing headers with segments_left 0
 *
 * Walks hop-by-hop, routing, destination options, fragment and AH headers.
 *
 * Return: the protocol number of the header found (and its offset in
 * @offset); -ENOENT when the chain ends without @target, or a non-first
 * fragment hides it; -EBADMSG when the packet is truncated (or the inner
 * header at *@offset is not IPv6).  For a non-first fragment with
 * @target < 0, the fragment header's next header, *@offset unchanged.
 */
int ipv6_find_hdr(const struct sk_buff *skb, unsigned int *offset, int target,
		  unsigned short *fragoff, int *flags)
{
	unsigned int pos;	/* offset of the header that @nexthdr names */
	u8 nexthdr;

	if (fragoff)
		*fragoff = 0;

	if (*offset) {
		const struct ipv6hdr *ip6;
		struct ipv6hdr _ip6;

		ip6 = skb_header_pointer(skb, *offset, sizeof(_ip6), &_ip6);
		if (!ip6 || ip6->version != 6)
			return -EBADMSG;
		pos = *offset + sizeof(*ip6);
		nexthdr = ip6->nexthdr;
	} else {
		pos = skb_network_offset(skb) + sizeof(struct ipv6hdr);
		nexthdr = ipv6_hdr(skb)->nexthdr;
	}

	for (;;) {
		const struct ipv6_opt_hdr *hp;
		struct ipv6_opt_hdr _hp;
		bool found = nexthdr == target;
		unsigned int hdrlen;

		if (ipv6_chain_end(nexthdr)) {
			if (found || target < 0)
				break;
			return -ENOENT;
		}

		hp = skb_header_pointer(skb, pos, sizeof(_hp), &_hp);
		if (!hp)
			return -EBADMSG;

		if (nexthdr == NEXTHDR_ROUTING) {
			const struct ipv6_rt_hdr *rh;
			struct ipv6_rt_hdr _rh;

			rh = skb_header_pointer(skb, pos, sizeof(_rh), &_rh);
			if (!rh)
				return -EBADMSG;
			if (flags && (*flags & IP6_FH_F_SKIP_RH) && rh->segments_left == 0)
				found = false;
			hdrlen = ipv6_optlen(hp);
		} else if (nexthdr == NEXTHDR_FRAGMENT) {
			unsigned short frag;
			const __be16 *fp;
			__be16 _fo;

			if (flags)
				*flags |= IP6_FH_F_FRAG;
			fp = skb_header_pointer(skb, pos + offsetof(struct frag_hdr, frag_off),
						sizeof(_fo), &_fo);
			if (!fp)
				return -EBADMSG;
			frag = ntohs(*fp) & IP6_OFFSET;
			if (frag) {
				/* Not the first fragment: what follows is elsewhere. */
				if (target < 0 && ipv6_chain_end(hp->nexthdr)) {
					if (fragoff)
						*fragoff = frag;
					return hp->nexthdr;
				}
				if (!found)
					return -ENOENT;
				if (fragoff)
					*fragoff = frag;
				break;
			}
			hdrlen = sizeof(struct frag_hdr);
		} else if (nexthdr == NEXTHDR_AUTH) {
			if (flags && (*flags & IP6_FH_F_AUTH) && target < 0)
				break;
			hdrlen = ipv6_authlen(hp);
		} else {
			hdrlen = ipv6_optlen(hp);
		}

		if (found)
			break;
		/* The header must be all there before we step over it. */
		if (skb->len - pos < hdrlen)
			return -EBADMSG;
		nexthdr = hp->nexthdr;
		pos += hdrlen;
	}

	*offset = pos;
	return nexthdr;
}
