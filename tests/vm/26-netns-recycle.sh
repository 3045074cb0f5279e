# Many namespaces share hsmon's entry cache: an entry one namespace frees
# may be set up again at once by another (issue 17).  Under churn in
# eight namespaces, with the same 127.0.0.1 tuples in all of them and
# readers of hsmon_conns in each, no reader may show another namespace's
# entry (each namespace's flood comes from its own 10.N.0.0/16), and
# every namespace's counts must add up.  On the debug kernel KASAN and
# lockdep watch the steps.
N=8
# Also when an assertion fails: the next scenarios count namespaces.
trap 'i=1; while [ $i -le $N ]; do $IP netns del rc$i 2>/dev/null || true; i=$((i + 1)); done' EXIT
i=1
while [ $i -le $N ]; do
	$IP netns add rc$i
	hs_in rc$i $IP link set lo up
	# No route back to the flood's sources: the stack drops each SYN,
	# and each entry waits for its timeout (100 ms, syn_dropped).
	hs_in rc$i $IP route add blackhole 10.$i.0.0/16
	hs_sysctl timeout 100 rc$i
	hs_in rc$i hsmon-pkt serve -P /tmp/rc-serve-$i.pid 80
	i=$((i + 1))
done

# Floods to the listener from 10.N.0.0/16: entries are set up and, a
# timeout later, freed all the time (syn_dropped).  Meanwhile the same
# tuples in every namespace: raw SYNs from 127.0.0.1:40000-40049 to port
# 81, where nothing listens (rejected, freed at once).
i=1
while [ $i -le $N ]; do
	hs_in rc$i hsmon-pkt flood -n 100000000 -s 6 -r 2000 -p 80 10.$i.0.0/16 127.0.0.1 \
		>/dev/null 2>&1 &
	echo $! >/tmp/rc-flood-$i.pid
	hs_in rc$i sh -c 'end=$(($(cut -d. -f1 /proc/uptime) + 6))
		while [ "$(cut -d. -f1 /proc/uptime)" -lt $end ]; do
			hsmon-pkt syn -n 50 -p 40000 127.0.0.1 127.0.0.1 81
		done' >/dev/null 2>&1 &
	echo $! >/tmp/rc-same-$i.pid
	i=$((i + 1))
done

# Readers: every line of hsmon_conns in rcN must be an rcN client (or the
# 127.0.0.1 tuples all namespaces share).
i=1
while [ $i -le $N ]; do
	hs_in rc$i sh -c "end=\$((\$(cut -d. -f1 /proc/uptime) + 6)); lines=0; bad=0
		while [ \"\$(cut -d. -f1 /proc/uptime)\" -lt \$end ]; do
			set -- \$(awk -v own=10.$i. 'NR > 1 { n++
				split(\$2, c, \":\")
				if (index(c[1], own) != 1 && c[1] != \"127.0.0.1\") { bad++; print \$0 > \"/dev/stderr\" } }
				END { print n + 0, bad + 0 }' /proc/net/hsmon_conns)
			lines=\$((lines + \$1)); bad=\$((bad + \$2))
		done
		echo \$lines \$bad" >/tmp/rc-read-$i.out &
	echo $! >/tmp/rc-read-$i.pid
	i=$((i + 1))
done

i=1
while [ $i -le $N ]; do
	wait "$(cat /tmp/rc-flood-$i.pid)" "$(cat /tmp/rc-same-$i.pid)" \
		"$(cat /tmp/rc-read-$i.pid)" 2>/dev/null
	rm -f /tmp/rc-flood-$i.pid /tmp/rc-same-$i.pid /tmp/rc-read-$i.pid
	i=$((i + 1))
done

seen=0
i=1
while [ $i -le $N ]; do
	set -- $(cat /tmp/rc-read-$i.out)
	hs_assert "rc$i: no entry of another namespace shown" "$2" 0
	seen=$((seen + $1))
	# Churn happened here: entries set up and freed, by timeout and by RST.
	hs_assert "rc$i: entries freed" \
		"$([ "$(hs_counter syn_dropped rc$i)" -gt 0 ] &&
			[ "$(hs_counter rejected rc$i)" -gt 0 ] && echo yes)" yes
	i=$((i + 1))
done
hs_log "readers saw $seen entries in all"
hs_figure "readers saw $seen entries of their own namespace, none of another"
hs_assert "the readers saw entries" "$([ $seen -gt 0 ] && echo yes)" yes

# Every namespace's books balance once its table is empty.  (Not $i:
# hs_wait uses it.)
r=1
while [ $r -le $N ]; do
	kill "$(cat /tmp/rc-serve-$r.pid)" 2>/dev/null
	rm -f /tmp/rc-serve-$r.pid
	hs_wait entries 0 5 rc$r
	hs_assert "rc$r: syn = outcomes + in_progress" "$(hs_balance rc$r)" ok
	$IP netns del rc$r
	r=$((r + 1))
done
