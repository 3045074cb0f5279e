# hsmon loads, every namespace gets its files and sysctls, all start at 0.
hs_expect_all "" srv
hs_expect_all "" cli
hs_assert "timeout default" "$($SRV cat /proc/sys/net/hsmon/timeout)" 75000
hs_assert "hsmon_conns header" "$($SRV cat /proc/net/hsmon_conns)" \
	"family client server state age_ms syn_retrans synack_retrans"
hs_assert "counter lines" "$($SRV wc -l </proc/net/hsmon)" 28
