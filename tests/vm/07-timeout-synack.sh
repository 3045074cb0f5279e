# A SYN+ACK that gets no answer times out (timeout_synack) after
# net.hsmon.timeout; a final ACK after that is a late_ack.
# serve: 8080
# oracle: relaxed: the stack makes the late connection, counted late_ack
hs_sysctl timeout 1500
$CLI hsmon-pkt handshake -f none -p 43000 v-c 10.0.0.99 10.0.0.1 8080
hs_assert "state while waiting" \
	"$($SRV awk 'NR == 2 { print $4 }' /proc/net/hsmon_conns)" SYNACK_SENT
hs_expect in_progress 1
hs_wait timeout_synack 1 3
hs_expect in_progress 0
# The tombstone goes after one more timeout.
hs_wait entries 0 5

# Answer after 2200 ms: after the timeout, before the tombstone goes.
$CLI hsmon-pkt handshake -f ack -d 2200 -p 43001 v-c 10.0.0.99 10.0.0.1 8080
hs_wait late_ack 1 3
hs_expect timeout_synack 2
hs_expect completed 0
hs_expect syn 2
