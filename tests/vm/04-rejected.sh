# SYNs to a closed port are answered with RST: rejected, both families.
$CLI hsmon-pkt connect -e refused -n 3 10.0.0.1 9
$CLI hsmon-pkt connect -e refused -n 2 fd00::1 9
hs_wait rejected 5 3
hs_expect_all "syn=5 rejected=5"
