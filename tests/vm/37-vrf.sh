# The server's interface in a VRF: the stack runs LOCAL_OUT twice for each
# segment it sends (once on the VRF device, once on the real one).  hsmon
# counts the real one only: a SYN+ACK is not its own retransmission, and
# every handshake completes as without a VRF, IPv4 and IPv6.  The listener
# is in the default VRF, reached through net.ipv4.tcp_l3mdev_accept.
# serve: 8080
$SRV sysctl -qw net.ipv6.conf.v-s.keep_addr_on_down=1
$SRV sysctl -qw net.ipv4.tcp_l3mdev_accept=1
$IP -n srv link add vrf-blue type vrf table 10
$IP -n srv link set vrf-blue up
$IP -n srv link set v-s master vrf-blue
# Enslaving cycles the device: its static neighbours go with it.
mac=$($IP -n cli -o link show v-c | sed 's/.*link\/ether \([^ ]*\).*/\1/')
$IP -n srv neigh replace 10.0.0.2 lladdr "$mac" dev v-s
$IP -n srv neigh replace fd00::2 lladdr "$mac" dev v-s
hs_assert "v-s in the VRF" "$($IP -n srv -o link show v-s | grep -c 'master vrf-blue')" 1

hs_assert "srv's route to cli in the VRF's table" \
	"$($IP -n srv route show table 10 | grep -c '^10.0.0.0/24 dev v-s')" 1

$CLI hsmon-pkt connect -n 3 10.0.0.1 8080
$CLI hsmon-pkt connect -n 2 fd00::1 8080
hs_wait completed 5 3
hs_expect_all "syn=5 synack=5 completed=5"
