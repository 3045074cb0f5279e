# A final ACK that acknowledges the wrong sequence number is bad_ack, and
# ends nothing: the server answers it with RST (OutRsts) and keeps its
# request, so the right ACK that follows still completes (PassiveOpens).
# A right final ACK with a wrong TCP checksum is dropped by the stack
# (InCsumErrors) and completes nothing; the right one after it does.  The
# right ACK alone completes, over IPv4 and IPv6; a client RST in place of
# the ACK is reset_by_client.
# serve: 8080
$CLI hsmon-pkt handshake -f badack-ack -p 42000 v-c 10.0.0.99 10.0.0.1 8080
hs_wait completed 1 3
hs_assert "srv OutRsts (answering the bad ACK)" "$(hs_tcp_counter OutRsts)" 1
$CLI hsmon-pkt handshake -f ack -p 42001 v-c 10.0.0.99 10.0.0.1 8080
$CLI hsmon-pkt handshake -f ack -p 42002 v-c fd00::99 fd00::1 8080
hs_wait completed 3 3
$CLI hsmon-pkt handshake -f badsum-ack -p 42004 v-c 10.0.0.99 10.0.0.1 8080
hs_wait completed 4 3
hs_assert "srv InCsumErrors" "$(hs_tcp_counter InCsumErrors)" 1
$CLI hsmon-pkt handshake -f rst -p 42003 v-c 10.0.0.99 10.0.0.1 8080
hs_wait reset_by_client 1 3
hs_expect_all "syn=5 synack=5 bad_ack=1 completed=4 reset_by_client=1"
hs_assert "srv connections (PassiveOpens)" "$(hs_connections)" 4
