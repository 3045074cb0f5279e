# A final ACK that acknowledges the wrong sequence number is bad_ack; the
# right one from the same user-space client completes; a client RST in
# place of the ACK is reset_by_client.
# serve: 8080
$CLI hsmon-pkt handshake -f badack -p 42000 v-c 10.0.0.99 10.0.0.1 8080
hs_wait bad_ack 1 3
$CLI hsmon-pkt handshake -f ack -p 42001 v-c 10.0.0.99 10.0.0.1 8080
$CLI hsmon-pkt handshake -f ack -p 42002 v-c fd00::99 fd00::1 8080
hs_wait completed 2 3
$CLI hsmon-pkt handshake -f rst -p 42003 v-c 10.0.0.99 10.0.0.1 8080
hs_wait reset_by_client 1 3
hs_expect_all "syn=4 synack=4 bad_ack=1 completed=2 reset_by_client=1"
