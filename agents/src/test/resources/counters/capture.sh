#!/bin/sh
# How the golden inputs in this folder were captured (as root, kernel 6.18, Debian).
# Two network namespaces joined by a veth pair stand in for two lab nodes; all traffic stays inside them.
# Usage: sh capture.sh OUTDIR
set -eu
out=${1:?usage: capture.sh OUTDIR}
a=owtest-a; b=owtest-b
cleanup() {
  for ns in $a $b; do
    # Stop the iperf3 servers this script started in its namespaces, by pid.
    for pid in $(ip netns pids $ns 2>/dev/null); do kill "$pid" 2>/dev/null || true; done
    ip netns del $ns 2>/dev/null || true
  done
}
trap cleanup EXIT
cleanup

# Writes OUTDIR/proc-net-FILE-WHERE/input.txt, one golden case folder per file and place.
save() { mkdir -p "$out/proc-net-$1-$2"; cat > "$out/proc-net-$1-$2/input.txt"; }
for f in dev snmp netstat; do cat /proc/net/$f | save $f host; done

ip netns add $a
# A namespace that has seen no traffic: every counter is zero, lo is down.
for f in dev snmp netstat; do ip netns exec $a cat /proc/net/$f | save $f netns-fresh; done

ip netns add $b
ip link add owtest-va netns $a type veth peer name owtest-vb netns $b
ip -n $a addr add 10.203.0.1/30 dev owtest-va
ip -n $b addr add 10.203.0.2/30 dev owtest-vb
for ns in $a $b; do ip -n $ns link set lo up; done
ip -n $a link set owtest-va up
ip -n $b link set owtest-vb up

ip netns exec $b iperf3 -s -D -1 -B 10.203.0.2 -p 5301
sleep 0.5
ip netns exec $a iperf3 -c 10.203.0.2 -p 5301 -t 2 -C cubic > /dev/null
ip netns exec $b iperf3 -s -D -1 -B 10.203.0.2 -p 5302
sleep 0.5
# UDP at full speed overflows the receiver's socket buffer: Udp InErrors and RcvbufErrors grow.
ip netns exec $a iperf3 -c 10.203.0.2 -p 5302 -u -b 0 -l 1422 -t 2 > /dev/null
# Datagrams larger than the MTU are fragmented by the sender and reassembled by the receiver.
ip netns exec $b iperf3 -s -D -1 -B 10.203.0.2 -p 5303
sleep 0.5
ip netns exec $a iperf3 -c 10.203.0.2 -p 5303 -u -b 10M -l 4000 -t 1 > /dev/null
# Nobody listens on this port: Udp NoPorts on the server side.
ip netns exec $a bash -c 'echo x > /dev/udp/10.203.0.2/5999'
sleep 0.5

for f in dev snmp netstat; do
  ip netns exec $a cat /proc/net/$f | save $f netns-client
  ip netns exec $b cat /proc/net/$f | save $f netns-server
done
