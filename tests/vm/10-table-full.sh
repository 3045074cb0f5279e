# With max_entries 4, ten half-open handshakes evict the six oldest, each
# counted: syn = evicted + in_progress.
# serve: 8080
hs_sysctl max_entries 4
$CLI hsmon-pkt syn -n 10 -p 46000 10.0.0.99 10.0.0.1 8080
hs_wait syn 10 3
hs_wait synack 10 3
hs_expect evicted 6
hs_expect in_progress 4
hs_expect entries 4
hs_expect untracked 0
