# A namespace's memory belongs to the memory cgroup of the task that made
# it.  hsmon charges there the entries of the namespace's handshakes,
# although each is allocated in the receive path of whatever task or CPU
# the SYN came through (here the flooding client's, in the root cgroup);
# and a cgroup at its memory.max refuses an entry (untracked) rather than
# overdraw its limit.
# setup: none
cg=/sys/fs/cgroup
grep -q " $cg cgroup2 " /proc/mounts || mount -t cgroup2 none $cg
echo +memory >$cg/cgroup.subtree_control
mkdir -p $cg/box
# The container: its namespace is made by a task of its cgroup.
sh -c "echo \$\$ >$cg/box/cgroup.procs && exec $IP netns add box"
$IP netns add cli
$IP link add v-b netns box type veth peer name v-c netns cli
$IP -n box link set lo up
$IP -n box addr add 10.0.1.1/24 dev v-b
$IP -n cli addr add 10.0.1.2/24 dev v-c
$IP -n box link set v-b up
$IP -n cli link set v-c up
smac=$($IP -n box -o link show v-b | sed 's/.*link\/ether \([^ ]*\).*/\1/')
$IP -n cli neigh add 10.0.1.1 lladdr "$smac" dev v-c
$IP netns exec box hsmon-pkt serve -P /tmp/serve-box.pid 8080
# Sources in 10.9/16 have no route back: the stack drops each SYN, and its
# entry stays until the timeout, ten minutes.  A container's bounds are
# the host's: raise those first.
echo 600000 >/proc/sys/net/hsmon/timeout
echo 100000 >/proc/sys/net/hsmon/max_entries
hs_sysctl timeout 600000 box
hs_sysctl max_entries 100000 box

objsize=$(awk '$1 == "hsmon_entry" { print $4 }' /proc/slabinfo)
cur() { cat $cg/box/memory.current; }

# Unlimited: every entry is charged to box.
c0=$(cur)
$CLI hsmon-pkt flood -n 12000 -r 3000 -p 8080 10.9.0.0/16 10.0.1.1 >/dev/null
sleep 1
e1=$(hs_counter entries box)
c1=$(cur)
hs_figure "box: $e1 entries of $objsize bytes, memory.current +$(( (c1 - c0) / 1024 )) KiB"
hs_assert "entries tracked" "$([ "$e1" -ge 6000 ] && echo yes)" yes
hs_assert "untracked, no limit" "$(hs_counter untracked box)" 0
# Per-CPU charge stocks hold up to 64 pages per CPU: allow 512 KiB.
hs_assert "box pays for its entries" \
	"$([ $((c1 - c0 + 524288)) -ge $((e1 * objsize)) ] && echo yes)" yes

# At the limit: entries are refused, counted untracked, never overdrawn.
# Charges already made into the per-CPU stocks (up to 64 pages a CPU)
# count in memory.current and are spent without a look at memory.max:
# past the 256 KiB of room, the flood must outgrow them too.  6000 SYNs
# (650 KiB of entries) once fitted on a 2-CPU VM; 20000 (2.2 MiB) cannot.
max=$((c1 + 262144))
echo $max >$cg/box/memory.max
$CLI hsmon-pkt flood -n 20000 -r 4000 -p 8080 10.8.0.0/16 10.0.1.1 >/dev/null
sleep 1
e2=$(hs_counter entries box)
u2=$(hs_counter untracked box)
hs_figure "box at memory.max $(( max / 1024 )) KiB: $((e2 - e1)) more entries, $u2 untracked; memory.current $(( $(cur) / 1024 )) KiB"
hs_assert "untracked at the limit" "$([ "$u2" -gt 0 ] && echo yes)" yes
hs_assert "memory.current within memory.max" "$([ "$(cur)" -le $max ] && echo yes)" yes
hs_assert "no OOM kill" "$(awk '$1 == "oom_kill" { print $2 }' $cg/box/memory.events)" 0
hs_assert "syn = entries" "$(hs_counter syn box)" $((e2))

kill "$(cat /tmp/serve-box.pid)" 2>/dev/null
$IP netns del box
$IP netns del cli
rmdir $cg/box 2>/dev/null || true
