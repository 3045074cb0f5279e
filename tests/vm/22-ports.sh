# Per listening port: N handshakes on two ports and a closed one give
# exactly those rows; past net.hsmon.ports_max, ports share "other".
# serve: 8080 9090
$CLI hsmon-pkt connect -n 3 10.0.0.1 8080 >/dev/null
$CLI hsmon-pkt connect -n 2 fd00::1 9090 >/dev/null
$CLI hsmon-pkt connect -e refused 10.0.0.1 7 >/dev/null
hs_wait completed 5 3
hs_wait rejected 1 3
hs_sysctl ports_max 3
$CLI hsmon-pkt connect -e refused 10.0.0.1 6 >/dev/null
hs_wait rejected 2 3
hs_assert "ports" "$($SRV cat /proc/net/hsmon_ports)" \
"port syn completed timeout_syn timeout_synack reset_by_client rejected evicted listen_overflow syn_dropped syn_challenged
8080 3 3 0 0 0 0 0 0 0 0
9090 2 2 0 0 0 0 0 0 0 0
7 1 0 0 0 0 1 0 0 0 0
other 1 0 0 0 0 1 0 0 0 0"
hs_assert "hsmonstat --ports -j" "$($SRV hsmonstat --ports -j)" \
'[{"port":"8080","syn":3,"completed":3,"timeout_syn":0,"timeout_synack":0,"reset_by_client":0,"rejected":0,"evicted":0,"listen_overflow":0,"syn_dropped":0,"syn_challenged":0},'\
'{"port":"9090","syn":2,"completed":2,"timeout_syn":0,"timeout_synack":0,"reset_by_client":0,"rejected":0,"evicted":0,"listen_overflow":0,"syn_dropped":0,"syn_challenged":0},'\
'{"port":"7","syn":1,"completed":0,"timeout_syn":0,"timeout_synack":0,"reset_by_client":0,"rejected":1,"evicted":0,"listen_overflow":0,"syn_dropped":0,"syn_challenged":0},'\
'{"port":"other","syn":1,"completed":0,"timeout_syn":0,"timeout_synack":0,"reset_by_client":0,"rejected":1,"evicted":0,"listen_overflow":0,"syn_dropped":0,"syn_challenged":0}]'
hs_assert "prometheus per port" "$($SRV hsmonstat --prometheus --ports |
	grep -c '^hsmon_port_handshakes_total{port="9090",outcome="completed"} 2$')" 1
