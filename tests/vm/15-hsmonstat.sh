# hsmonstat shows exactly what /proc/net/hsmon says, as a table, JSON,
# Prometheus text and per-second rates, and says when hsmon is not loaded.
# serve: 8080
# oracle: none: it unloads hsmon at its end, so it asks the kernel itself before
$CLI hsmon-pkt connect -n 3 10.0.0.1 8080
$CLI hsmon-pkt connect -e refused 10.0.0.1 9
hs_wait completed 3 3
hs_wait rejected 1 3

hs_assert "table: completed" "$($SRV hsmonstat | awk '$1 == "completed" { print $2 }')" 3
hs_assert "table: lines" "$($SRV hsmonstat | wc -l)" 28
hs_assert "json" "$($SRV hsmonstat -j)" \
'{"syn":4,"syn_retrans":0,"syn_replaced":0,"syn_ignored":0,"synack":3,"synack_retrans":0,"completed":3,'\
'"timeout_syn":0,"timeout_synack":0,"reset_by_client":0,"rejected":1,"evicted":0,'\
'"listen_overflow":0,"syn_dropped":0,"syn_challenged":0,"bad_ack":0,"late_ack":0,"listen_overflow_drops":0,'\
'"syn_drop_acceptq":0,"syn_drop_other":0,"fastopen":0,"passive_untracked":0,"passive_duplicate":0,'\
'"untracked":0,"ignored":0,"invalid":0,"in_progress":0,"entries":0}'

$SRV hsmonstat --prometheus >/tmp/prom
hs_assert "prometheus: completed" \
	"$(grep -c '^hsmon_handshakes_total{outcome="completed"} 3$' /tmp/prom)" 1
hs_assert "prometheus: syn" "$(grep -c '^hsmon_syn_total 4$' /tmp/prom)" 1
hs_assert "prometheus: gauge type" "$(grep -c '^# TYPE hsmon_in_progress gauge$' /tmp/prom)" 1
hs_assert "prometheus: outcomes" "$(grep -c '^hsmon_handshakes_total{' /tmp/prom)" 9
# From the initial namespace, naming the server's.
hs_assert "prometheus -n srv" \
	"$(hsmonstat -n srv --prometheus |
		grep -c '^hsmon_handshakes_total{outcome="rejected",netns="srv"} 1$')" 1
hs_assert "-n cli sees cli's counters" \
	"$(hsmonstat -n cli | awk '$1 == "syn" { print $2 }')" 0

# Rates: an idle second is all zeros.
$SRV hsmonstat 1 1 >/tmp/rates
hs_assert "rates: lines" "$(wc -l </tmp/rates)" 2
hs_assert "rates: idle" "$(awk 'NR == 2 { print $1, $2, $10, $11 }' /tmp/rates)" "0.0 0.0 0.0 0"

hs_oracle srv 1
hs_oracle cli 1
rmmod hsmon
$SRV hsmonstat >/tmp/out 2>&1 && hs_fail "hsmonstat succeeded without hsmon"
hs_assert "not loaded: message" \
	"$(grep -c 'is the hsmon module loaded' /tmp/out)" 1
