# SYNs TCP never takes as SYNs.  Sent in an Ethernet broadcast (IPv4) or
# multicast (IPv6) frame, TCP discards them unseen: hsmon counts them
# invalid and tracks nothing.  Sent to the subnet's broadcast address in
# a unicast frame, the stack drops them at the listener (ListenDrops):
# syn_drop_other, and syn_dropped at the timeout.  The same client then
# connects as usual.
# serve: 8080
hs_sysctl timeout 1500
# The client's next frames to srv go to every station of the link.
$IP -n cli neigh replace 10.0.0.1 lladdr ff:ff:ff:ff:ff:ff dev v-c nud permanent
$IP -n cli neigh replace fd00::1 lladdr 33:33:00:00:00:01 dev v-c nud permanent
$CLI hsmon-pkt syn -n 2 -p 47000 10.0.0.2 10.0.0.1 8080
$CLI hsmon-pkt syn -n 1 -p 47000 fd00::2 fd00::1 8080
hs_wait invalid 3 3
hs_assert "srv ListenDrops" "$(hs_tcpext_counter ListenDrops)" 0
hs_expect_all "invalid=3"

# Back to unicast frames; a SYN to a broadcast address of srv (of a
# second subnet, which cli reaches as a plain host: no SO_BROADCAST), then
# a connection.
smac=$($IP -n srv -o link show v-s | sed 's/.*link\/ether \([^ ]*\).*/\1/')
$IP -n cli neigh replace 10.0.0.1 lladdr "$smac" dev v-c nud permanent
$IP -n cli neigh replace fd00::1 lladdr "$smac" dev v-c nud permanent
$IP -n srv addr add 10.0.1.1/24 broadcast 10.0.1.255 dev v-s
$IP -n cli route add 10.0.1.255/32 dev v-c
$IP -n cli neigh replace 10.0.1.255 lladdr "$smac" dev v-c nud permanent
$CLI hsmon-pkt syn -n 1 -p 47100 10.0.0.2 10.0.1.255 8080
hs_wait syn_drop_other 1 3
hs_assert "srv ListenDrops" "$(hs_tcpext_counter ListenDrops)" 1
hs_wait syn_dropped 1 5
$CLI hsmon-pkt connect -n 1 10.0.0.1 8080
$CLI hsmon-pkt connect -n 1 fd00::1 8080
hs_wait completed 2 3
hs_expect_all "invalid=3 syn=3 syn_dropped=1 syn_drop_other=1 synack=2 completed=2"
