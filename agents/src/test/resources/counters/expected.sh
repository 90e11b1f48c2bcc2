#!/bin/sh
# Writes expected-all.jsonl and expected.jsonl next to every proc-net-*/input.txt, with awk, independently of the
# Java parsers: every field of the file, then the default subset. Review the diff before committing a change.
set -eu
cd "$(dirname "$0")"

# The defaults the parsers document (ProcNetDevParser.DEFAULT_COUNTERS, ProcNetSnmpParser.DEFAULT_COUNTERS).
netdev_defaults='rx_bytes rx_packets rx_errors rx_dropped tx_bytes tx_packets tx_errors tx_dropped'
snmp_defaults='Ip_InReceives Ip_InDiscards Ip_ForwDatagrams Ip_ReasmReqds Ip_ReasmOKs Ip_ReasmFails Ip_FragOKs
Ip_FragFails Ip_FragCreates Tcp_ActiveOpens Tcp_AttemptFails Tcp_EstabResets Tcp_InSegs Tcp_OutSegs Tcp_RetransSegs
Tcp_InErrs Tcp_OutRsts Udp_InDatagrams Udp_OutDatagrams Udp_NoPorts Udp_InErrors Udp_RcvbufErrors Udp_SndbufErrors
Udp_InCsumErrors TcpExt_TCPLostRetransmit TcpExt_TCPFastRetrans TcpExt_TCPSlowStartRetrans TcpExt_TCPTimeouts
TcpExt_TCPSynRetrans TcpExt_TCPRetransFail TcpExt_ListenOverflows TcpExt_ListenDrops TcpExt_TCPBacklogDrop
TcpExt_TCPRcvQDrop TcpExt_TCPZeroWindowDrop TcpExt_TCPOFODrop IpExt_ReasmOverlaps'

keep() { # $1: space-separated names; filters JSON lines by their "name"
  awk -v names="$1" 'BEGIN { n = split(names, a, /[ \n]+/); for (i = 1; i <= n; i++) want["\"" a[i] "\""] = 1 }
    { split($0, f, /[:,]/); if (f[2] in want) print }'
}

for dir in proc-net-dev-*; do
  # Columns 1-8 receive, 9-16 transmit, named after /sys/class/net/IF/statistics.
  awk 'BEGIN { split("rx_bytes rx_packets rx_errors rx_dropped rx_fifo_errors rx_frame_errors rx_compressed multicast " \
                     "tx_bytes tx_packets tx_errors tx_dropped tx_fifo_errors collisions tx_carrier_errors tx_compressed", n, " ") }
    NR > 2 { i = index($0, ":"); dev = substr($0, 1, i - 1); gsub(/ /, "", dev); split(substr($0, i + 1), v, " ")
             for (c = 1; c <= 16; c++) printf "{\"name\":\"%s\",\"labels\":{\"interface\":\"%s\"},\"value\":%s}\n", n[c], dev, v[c] }' \
    "$dir/input.txt" > "$dir/expected-all.jsonl"
  keep "$netdev_defaults" < "$dir/expected-all.jsonl" > "$dir/expected.jsonl"
done

for dir in proc-net-snmp-* proc-net-netstat-*; do
  # Odd lines name the fields of a section, even lines hold their values.
  awk 'NR % 2 == 1 { split($0, h, " ") }
       NR % 2 == 0 { s = $1; sub(/:$/, "", s); for (i = 2; i <= NF; i++) printf "{\"name\":\"%s_%s\",\"labels\":{},\"value\":%s}\n", s, h[i], $i }' \
    "$dir/input.txt" > "$dir/expected-all.jsonl"
  keep "$snmp_defaults" < "$dir/expected-all.jsonl" > "$dir/expected.jsonl"
done
