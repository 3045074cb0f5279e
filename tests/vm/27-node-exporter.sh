# From hsmon to Prometheus, end to end (issue 18): real traffic in two
# namespaces, hsmonstat --all-netns --prometheus -o into a textfile
# directory, Debian's node_exporter serving it, and a scrape with wget
# that shows each namespace's exact counts under its own netns label.
# serve: 8080
$CLI hsmon-pkt connect -n 3 10.0.0.1 8080
$CLI hsmon-pkt serve -P /tmp/serve-cli.pid 9090
$SRV hsmon-pkt connect -n 2 10.0.0.2 9090
$SRV hsmon-pkt connect -e refused 10.0.0.2 9
hs_wait completed 3 3 srv
hs_wait completed 2 3 cli
hs_wait rejected 1 3 cli

mkdir -p /tmp/textfile
hsmonstat --all-netns --prometheus -o /tmp/textfile/hsmon.prom
hs_assert "no temporary file left" "$(ls /tmp/textfile)" hsmon.prom
prometheus-node-exporter --web.listen-address=127.0.0.1:9100 \
	--collector.disable-defaults --collector.textfile \
	--collector.textfile.directory=/tmp/textfile >/tmp/node-exporter.log 2>&1 &
echo $! >/tmp/node-exporter.pid
i=0
until wget -q -O /tmp/scrape http://127.0.0.1:9100/metrics 2>/dev/null; do
	[ $i -lt 100 ] || { cat /tmp/node-exporter.log; hs_fail "node_exporter does not answer"; }
	usleep 100000
	i=$((i + 1))
done

# scraped NAME LABELS: the value of the sample NAME{LABELS} in the scrape
# (node_exporter prints labels in name order).
scraped() {
	awk -v s="$1${2:+{$2\}}" '$1 == s { print $2 }' /tmp/scrape
}
hs_assert "textfile read without error" "$(scraped node_textfile_scrape_error '')" 0
hs_assert "srv completed" "$(scraped hsmon_handshakes_total 'netns="srv",outcome="completed"')" 3
hs_assert "srv syn" "$(scraped hsmon_syn_total 'netns="srv"')" 3
hs_assert "srv rejected" "$(scraped hsmon_handshakes_total 'netns="srv",outcome="rejected"')" 0
hs_assert "cli completed" "$(scraped hsmon_handshakes_total 'netns="cli",outcome="completed"')" 2
hs_assert "cli rejected" "$(scraped hsmon_handshakes_total 'netns="cli",outcome="rejected"')" 1
hs_assert "cli syn" "$(scraped hsmon_syn_total 'netns="cli"')" 3
hs_assert "cli in progress" "$(scraped hsmon_in_progress 'netns="cli"')" 0
# Every namespace once: those of ip netns (srv, cli) and the initial one
# (no name: its inode).
hs_assert "namespaces" "$(grep -c '^hsmon_syn_total{' /tmp/scrape)" \
	$(($(ls /run/netns | wc -l) + 1))
hs_assert "the initial namespace by inode" \
	"$(grep -c '^hsmon_syn_total{netns="inode:[0-9]*"} 0$' /tmp/scrape)" 1
# The kernel's own count of the handshakes srv answered, beside hsmon's.
hs_assert "srv connections (PassiveOpens)" "$(hs_connections)" 3
