# Handshake latency, from our first SYN+ACK to the final ACK: a client
# that waits 300 ms before its ACK lands in the (262144, 524288] us bucket.
# serve: 8080
$CLI hsmon-pkt handshake -f ack -d 300 -p 49000 v-c 10.0.0.99 10.0.0.1 8080
hs_wait completed 1 3
rtt() {
	$SRV awk -v k="$1" '$1 == k { print $2 } $1 == "bucket_le_us" && $2 == k { print $3 }' \
		/proc/net/hsmon_rtt
}
hs_assert "rtt count" "$(rtt count)" 1
hs_assert "bucket le 524288 us" "$(rtt 524288)" 1
hs_assert "bucket le 262144 us" "$(rtt 262144)" 0
hs_assert "min = max = sum" "$(rtt min_us) $(rtt sum_us)" "$(rtt max_us) $(rtt max_us)"
hs_assert "min >= 300 ms" "$([ "$(rtt min_us)" -ge 300000 ] && echo yes)" yes
$CLI hsmon-pkt connect -n 3 10.0.0.1 8080 >/dev/null
hs_wait completed 4 3
hs_assert "rtt count" "$(rtt count)" 4
hs_assert "buckets add up" "$($SRV awk '$1 == "bucket_le_us" { n += $3 } END { print n }' \
	/proc/net/hsmon_rtt)" 4
hs_assert "lines" "$($SRV wc -l </proc/net/hsmon_rtt)" 37
hs_assert "hsmonstat --rtt -j count" \
	"$($SRV hsmonstat --rtt -j | sed 's/^{"count":\([0-9]*\),.*/\1/')" 4
hs_assert "prometheus histogram count" \
	"$($SRV hsmonstat --prometheus --rtt | grep -c '^hsmon_handshake_rtt_seconds_count 4$')" 1
hs_assert "prometheus le=0.524288 includes the slow one" \
	"$($SRV hsmonstat --prometheus --rtt |
	   awk -F'[{}" ]' '/_bucket\{le="0.524288"\}/ { print ($NF >= 1) }')" 1
