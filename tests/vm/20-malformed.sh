# Malformed and unusual segments, over IPv4 and IPv6: each is counted as
# invalid and otherwise ignored, or (when it is a well-formed SYN after
# all) tracked; KASAN and friends stay silent.  IPv4 fragments never reach
# LOCAL_IN (local delivery reassembles first); IPv6 ones do, as invalid.
# serve: 8080
v4_invalid="syn-fin syn-rst null xmas fin doff-low doff-past trunc"
for kind in $v4_invalid frag-first frag-later bad-opts; do
	$CLI hsmon-pkt bad $kind 10.0.0.99 10.0.0.1 8080 >/dev/null
done
hs_wait invalid 8 3
for kind in $v4_invalid frag-first frag-later bad-opts v6-ext; do
	$CLI hsmon-pkt bad $kind fd00::99 fd00::1 8080 >/dev/null
done
hs_wait invalid 18 3
# bad-opts (both families) and v6-ext are SYNs hsmon tracks; the IPv6 two
# share a tuple and an ISN (hsmon-pkt bad uses port 50000, ISN 1000000).
hs_wait syn 2 3
hs_expect syn_retrans 1
hs_wait synack 2 3
hs_expect untracked 0
