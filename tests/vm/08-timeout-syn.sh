# A SYN we never answer (no route back to its source) is timeout_syn.
# serve: 8080
hs_sysctl timeout 1500
$CLI hsmon-pkt syn -n 3 -p 44000 10.9.0.5 10.0.0.1 8080
hs_expect in_progress 3
hs_wait timeout_syn 3 5
hs_expect_all "syn=3 timeout_syn=3"
